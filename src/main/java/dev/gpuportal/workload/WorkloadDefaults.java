package dev.gpuportal.workload;

/**
 * What an omitted field of a workload request means, in the form's own text: the rules fall back to these when the
 * API leaves a field out, and the request dialog starts with them, so both ask the cluster for the same thing.
 */
public final class WorkloadDefaults {

    /** Units of the chosen GPU profile per pod. */
    public static final String GPU_COUNT = "1";

    public static final String WORKERS = "1";

    /** Tries after the first before a training job counts as failed (the Job's backoff limit). */
    public static final String RETRIES = "0";

    public static final String MAX_RUN_TIME = "24h";

    /** Where the offered inference servers (Triton, vLLM) listen for HTTP. */
    public static final String PORT = "8000";

    /** Also the maximum when none is given: no autoscaling unless asked for. */
    public static final String MIN_REPLICAS = "1";

    public static final String TARGET_CPU_PERCENT = "70";

    public static final String READINESS_PATH = "/";

    private WorkloadDefaults() {}
}
