package dev.gpuportal.workload;

import java.time.Instant;

/**
 * A workload as pages and the API show it. {@code gpuEquivalent} is the exact fraction ("3/7"), {@code gpuCost} the
 * same for reading ("0.43 GPU (3/7 H100)").
 */
public record WorkloadView(
        long id,
        String tenant,
        WorkloadKind kind,
        String name,
        String owner,
        String gpuProfile,
        String gpuSummary,
        String gpuEquivalent,
        String gpuCost,
        DesiredState desired,
        ObservedPhase phase,
        String reason,
        Instant createdAt,
        Instant observedAt,
        WorkloadSpec spec,
        long version) {

    /** "Running", "Pending: waiting for a GPU …", "Stopped". */
    public String statusText() {
        if (desired == DesiredState.DELETED) {
            return "Deleting";
        }
        String phaseText = phase.name().charAt(0) + phase.name().substring(1).toLowerCase();
        if (reason == null || reason.isBlank() || phase == ObservedPhase.RUNNING) {
            return phaseText;
        }
        return reason.startsWith(phaseText) ? reason : phaseText + ": " + reason;
    }
}
