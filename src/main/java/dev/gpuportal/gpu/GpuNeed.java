package dev.gpuportal.gpu;

/**
 * A need stated instead of a profile, as typed: about how much GPU memory one pod needs ("20", "20 GB") and,
 * optionally, how much compute in GPUs ("0.5", "1/2"). {@link GpuNeedRules} reads it and picks the profile.
 */
public record GpuNeed(String memoryGb, String computeShare) {

    /** The field names of a need in forms and API problems. */
    public static final String FIELD = "gpuNeed";

    public static final String MEMORY_FIELD = FIELD + ".memoryGb";
    public static final String COMPUTE_FIELD = FIELD + ".computeShare";
}
