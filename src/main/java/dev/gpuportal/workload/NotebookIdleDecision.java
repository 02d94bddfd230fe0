package dev.gpuportal.workload;

import java.time.Instant;
import java.util.Optional;

/**
 * What the culler does with a running notebook, from its two signals: kernel activity (its Jupyter server's last
 * activity against the tenant's idle limit) and GPU use (under the admins' threshold for their time). An idle kernel
 * stops it, whatever the GPU did. A kernel in use (or not known to be idle: a notebook is never stopped on a guess)
 * with an idle GPU is offered a smaller profile, not stopped. Otherwise nothing. Pure.
 */
enum NotebookIdleDecision {
    NOTHING,
    OFFER_SMALLER_PROFILE,
    STOP;

    static NotebookIdleDecision of(Optional<Instant> kernelIdleSince, Optional<Instant> gpuIdleSince) {
        if (kernelIdleSince.isPresent()) {
            return STOP;
        }
        return gpuIdleSince.isPresent() ? OFFER_SMALLER_PROFILE : NOTHING;
    }
}
