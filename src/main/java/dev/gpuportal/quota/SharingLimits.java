package dev.gpuportal.quota;

import dev.gpuportal.gpu.GpuAmount;

/**
 * How a tenant shares GPUs with the others of its cohort where the cluster runs Kueue, in GPU-equivalents: how much
 * it may borrow above its guaranteed quota, and how much of its idle guaranteed quota it lends. Null means the
 * default: it may borrow up to its own quota again, and it lends everything.
 */
public record SharingLimits(GpuAmount borrowing, GpuAmount lending) {

    public static final SharingLimits DEFAULT = new SharingLimits(null, null);

    /** What the tenant may borrow, given its guaranteed GPUs. */
    public GpuAmount borrowingOf(GpuAmount guaranteed) {
        return borrowing == null ? guaranteed : borrowing;
    }

    /** What the tenant lends of its guaranteed GPUs: never more than it has. */
    public GpuAmount lendingOf(GpuAmount guaranteed) {
        return lending == null ? guaranteed : lending.min(guaranteed);
    }

    /** The most GPUs the tenant may hold at once through Kueue: guaranteed plus borrowed. */
    public GpuAmount ceilingOf(GpuAmount guaranteed) {
        return guaranteed.plus(borrowingOf(guaranteed));
    }
}
