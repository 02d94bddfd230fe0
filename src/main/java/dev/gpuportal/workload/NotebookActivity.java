package dev.gpuportal.workload;

import java.time.Instant;
import java.util.Optional;

/** When a running notebook was last used, as its Jupyter server reports it (implemented by the cluster feature). */
public interface NotebookActivity {

    /** The notebook server's last activity, or empty when it cannot be asked (not answering, not a Jupyter image). */
    Optional<Instant> lastActivity(WorkloadRequest notebook, String tenantSlug);
}
