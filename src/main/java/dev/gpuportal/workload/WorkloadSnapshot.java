package dev.gpuportal.workload;

import java.time.Instant;

/**
 * What the portal wants for one workload, read for the reconciler and the status observer: where it belongs, its
 * typed spec, its GPU profile, whether it should run, and when it was last restarted. Read-only.
 */
public record WorkloadSnapshot(
        long id,
        long tenantId,
        String tenantSlug,
        String name,
        WorkloadSpec spec,
        Long gpuProfileId,
        DesiredState desiredState,
        Instant restartedAt) {}
