package dev.gpuportal.quota;

import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuFormat;

/**
 * Tells a user, before submitting, whether a request will run on the tenant's guaranteed GPUs or borrow idle GPUs
 * of other tenants (and so may be preempted), with the numbers. Pure.
 */
final class SharingNotes {

    static final String CHECKPOINTS = "/checkpoints";

    private SharingNotes() {}

    /**
     * @param need the request's GPUs
     * @param guaranteed the tenant's guaranteed GPUs
     * @param used what the tenant's admitted workloads hold, all of them
     * @param usedGuaranteed what its notebooks and endpoints hold (never borrowed)
     * @param idleInCohort what the other tenants of the cohort hold unused and lend
     */
    static String of(
            boolean mayBorrow,
            GpuAmount need,
            GpuAmount guaranteed,
            SharingLimits sharing,
            GpuAmount used,
            GpuAmount usedGuaranteed,
            GpuAmount idleInCohort) {
        if (need.isZero()) {
            return "";
        }
        if (!mayBorrow) {
            return "Guaranteed: notebooks and inference endpoints run on your tenant's guaranteed GPUs ("
                    + GpuFormat.amount(usedGuaranteed) + " of " + GpuFormat.amount(guaranteed)
                    + " held by them) and are never preempted";
        }
        if (!used.plus(need).isGreaterThan(guaranteed)) {
            return "Guaranteed: it fits in your tenant's " + GpuFormat.amount(guaranteed) + " ("
                    + GpuFormat.amount(used) + " in use) and will not be preempted";
        }
        GpuAmount borrowed = used.isGreaterThan(guaranteed) ? used.minus(guaranteed) : GpuAmount.ZERO;
        GpuAmount mayStillBorrow = sharing.borrowingOf(guaranteed).minus(borrowed);
        GpuAmount borrowable = positive(idleInCohort.min(mayStillBorrow));
        String note = "Opportunistic: your tenant's " + GpuFormat.amount(guaranteed) + " are in use ("
                + GpuFormat.amount(used) + "); " + GpuFormat.amount(borrowable)
                + " idle at other tenants can be borrowed; this job may be preempted when their owners need"
                + " them and then resumes by itself — checkpoint to " + CHECKPOINTS;
        return need.isGreaterThan(borrowable) ? note + ". Not enough is idle now: it waits in the queue" : note;
    }

    private static GpuAmount positive(GpuAmount amount) {
        return amount.isNegative() ? GpuAmount.ZERO : amount;
    }
}
