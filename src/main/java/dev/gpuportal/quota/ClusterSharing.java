package dev.gpuportal.quota;

import dev.gpuportal.gpu.GpuAmount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How one cluster's GPUs are shared, for the admin quota console: per tenant guaranteed, in use, borrowed and lent
 * (GPU-equivalents, from Kueue's figures), the cohort's idle GPUs, jobs waiting, and the cluster's allocation
 * (allocated / capacity). Where sharing is off, {@code whyOff} says why and the figures are empty.
 */
public record ClusterSharing(
        String cluster,
        boolean active,
        String whyOff,
        List<TenantSharing> tenants,
        GpuAmount idle,
        GpuAmount allocated,
        GpuAmount capacity,
        int waiting) {

    public record TenantSharing(
            String tenant, GpuAmount guaranteed, GpuAmount inUse, GpuAmount borrowed, GpuAmount lent, int waiting) {}

    /** A tenant's quota as the computation needs it. */
    record Member(String tenant, GpuAmount guaranteed, GpuAmount lends) {}

    static ClusterSharing off(String cluster, String whyOff) {
        return new ClusterSharing(cluster, false, whyOff, List.of(), GpuAmount.ZERO, GpuAmount.ZERO, GpuAmount.ZERO, 0);
    }

    /**
     * Works the figures out, pure. What a tenant lends is the part of its idle, lendable guaranteed GPUs that the
     * others' borrowing takes up; Kueue does not say which lender a borrowed GPU came from, so the borrowed total is
     * assigned to lenders in turn.
     */
    static ClusterSharing of(
            String cluster, List<Member> members, QueueFigures figures, Map<String, GpuAmount> equivalentOf) {
        List<GpuAmount[]> rows = new ArrayList<>();
        GpuAmount totalBorrowed = GpuAmount.ZERO;
        for (Member m : members) {
            GpuAmount inUse = gpus(figures.usedByTenant().getOrDefault(m.tenant(), Map.of()), equivalentOf);
            GpuAmount borrowed = gpus(figures.borrowedByTenant().getOrDefault(m.tenant(), Map.of()), equivalentOf);
            rows.add(new GpuAmount[] {inUse, borrowed});
            totalBorrowed = totalBorrowed.plus(borrowed);
        }
        GpuAmount toAssign = totalBorrowed;
        GpuAmount idle = GpuAmount.ZERO;
        GpuAmount allocated = GpuAmount.ZERO;
        int waiting = 0;
        List<TenantSharing> tenants = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            GpuAmount inUse = rows.get(i)[0];
            GpuAmount borrowed = rows.get(i)[1];
            GpuAmount ownInUse = inUse.minus(borrowed);
            GpuAmount unused = positive(m.guaranteed().minus(ownInUse));
            GpuAmount lent = positive(unused.min(m.lends())).min(toAssign);
            toAssign = toAssign.minus(lent);
            idle = idle.plus(unused);
            allocated = allocated.plus(inUse);
            int tenantWaiting = figures.waitingByTenant().getOrDefault(m.tenant(), 0);
            waiting += tenantWaiting;
            tenants.add(new TenantSharing(m.tenant(), m.guaranteed(), inUse, borrowed, lent, tenantWaiting));
        }
        GpuAmount capacity = gpus(figures.capacity(), equivalentOf);
        return new ClusterSharing(
                cluster, true, "", tenants, positive(idle.minus(totalBorrowed)), allocated, capacity, waiting);
    }

    /** Allocated GPU-equivalents over capacity, 0 to 1. */
    public double allocation() {
        return capacity.isZero() ? 0 : allocated.toDouble() / capacity.toDouble();
    }

    private static GpuAmount gpus(Map<String, Long> units, Map<String, GpuAmount> equivalentOf) {
        GpuAmount sum = GpuAmount.ZERO;
        for (var e : units.entrySet()) {
            GpuAmount each = equivalentOf.get(e.getKey());
            if (each != null) {
                sum = sum.plus(each.times(e.getValue()));
            }
        }
        return sum;
    }

    private static GpuAmount positive(GpuAmount amount) {
        return amount.isNegative() ? GpuAmount.ZERO : amount;
    }
}
