package dev.gpuportal.workload;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** Events and logs of a workload's pods, read from its cluster (implemented by the cluster feature). */
public interface WorkloadDiagnostics {

    List<EventLine> events(WorkloadRequest workload, String tenantSlug);

    /** The last {@code tailLines} lines of the workload's first pod, or a sentence saying why there are none. */
    String logs(WorkloadRequest workload, String tenantSlug, int tailLines);

    /** Streams new log lines until the returned handle is run. */
    Runnable follow(WorkloadRequest workload, String tenantSlug, Consumer<String> line);

    /** The in-cluster address of the workload's Service, in the namespace its tenant has on its cluster. */
    String serviceAddress(String tenantSlug, String workloadName);

    /** One Kubernetes event about the workload or its pods. */
    record EventLine(Instant at, String type, String object, String reason, String message) {}
}
