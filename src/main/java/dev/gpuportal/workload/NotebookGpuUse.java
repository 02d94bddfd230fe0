package dev.gpuportal.workload;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Whether running notebooks' GPUs sit idle, read from GPU metrics (implemented by the metrics feature). */
public interface NotebookGpuUse {

    /**
     * Of these running notebooks, those whose GPUs stayed under the admins' idle threshold for the admins' time, with
     * since when; empty when metrics are not configured or do not answer (nothing is known, so nothing is decided).
     */
    Optional<Map<Long, Instant>> idleGpusSince(List<WorkloadView> notebooks);

    /** The notice its owner gets: the idle GPU and the smaller profile that would have done, if there is one. */
    String smallerProfileOffer(WorkloadView notebook, Instant idleSince);
}
