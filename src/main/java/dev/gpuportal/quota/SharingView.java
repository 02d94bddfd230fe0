package dev.gpuportal.quota;

import dev.gpuportal.gpu.GpuAmount;

/**
 * A tenant's sharing limits as read: the typed form, what they come to in GPUs (defaults resolved), the quota's
 * version for the optimistic check, and whether its cluster shares GPUs at all (with the reason when it does not).
 */
public record SharingView(
        String tenantSlug,
        GpuAmount guaranteed,
        GpuAmount borrowing,
        GpuAmount lending,
        SharingDraft draft,
        long version,
        boolean active,
        String whyOff) {}
