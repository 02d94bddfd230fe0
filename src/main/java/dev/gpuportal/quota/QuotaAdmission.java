package dev.gpuportal.quota;

import dev.gpuportal.base.BusyException;
import dev.gpuportal.base.Quantities;
import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuFormat;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.tenancy.Tenant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Admits a new demand against a tenant's quota inside the caller's transaction. The tenant's quota row is locked
 * first, so two requests racing for the last slice are decided one after the other: the second sees the first.
 */
@Service
public class QuotaAdmission {

    private final TenantQuotaRepository quotas;
    private final List<WorkloadDemandSource> demandSources;
    private final GpuCatalog catalog;
    private final List<GpuSharing> sharing;

    QuotaAdmission(
            TenantQuotaRepository quotas,
            List<WorkloadDemandSource> demandSources,
            GpuCatalog catalog,
            List<GpuSharing> sharing) {
        this.quotas = quotas;
        this.demandSources = demandSources;
        this.catalog = catalog;
        this.sharing = sharing;
    }

    /**
     * Throws {@link QuotaExceededException} unless the tenant's admitted workloads plus {@code demand} fit its quota.
     * Must run in the transaction that then stores the workload.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void admit(Tenant tenant, WorkloadDemand demand) {
        admit(tenant, demand, null);
    }

    /** Like {@link #admit(Tenant, WorkloadDemand)}, for a workload that now holds {@code replacing} (e.g. stopped). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void admit(Tenant tenant, WorkloadDemand demand, WorkloadDemand replacing) {
        Optional<TenantQuota> quota = lock(tenant);
        QuotaLimits limits = quota.map(TenantQuota::limits).orElse(QuotaLimits.NONE);
        List<QuotaShortfall> shortfalls = shortfalls(tenant, limits, sharingOf(tenant, quota), demand, replacing);
        if (!shortfalls.isEmpty()) {
            throw new QuotaExceededException(shortfalls.getFirst().message());
        }
    }

    /**
     * The tenant's quota row, locked until the caller's transaction ends. Callers lock last, after everything that
     * can be done without the lock, so it is held for the decision and the insert only. When other admissions of the
     * same tenant keep it longer than the wait allows, the request is refused as busy (nothing was changed), never
     * with a server error.
     */
    private java.util.Optional<TenantQuota> lock(Tenant tenant) {
        try {
            return quotas.lockByTenantId(tenant.getId());
        } catch (PessimisticLockingFailureException | QueryTimeoutException e) {
            throw new BusyException(
                    "Tenant " + tenant.getSlug() + " is admitting other workloads right now: nothing was changed,"
                            + " try again in a moment",
                    RETRY_AFTER);
        }
    }

    /** What a refused-as-busy admission suggests before retrying: about the length of a queue of admissions. */
    static final java.time.Duration RETRY_AFTER = java.time.Duration.ofSeconds(1);

    /**
     * Every limit {@code demand} would exceed now, by the rules of {@link #admit}; nothing is locked, so this is a
     * preview for the request form, and admission at submit still decides.
     */
    @Transactional(readOnly = true)
    public List<QuotaShortfall> shortfalls(Tenant tenant, WorkloadDemand demand) {
        Optional<TenantQuota> quota = quotas.findById(tenant.getId());
        QuotaLimits limits = quota.map(TenantQuota::limits).orElse(QuotaLimits.NONE);
        return shortfalls(tenant, limits, sharingOf(tenant, quota), demand, null);
    }

    /** The tenant's sharing limits where its cluster shares GPUs through Kueue, else null (hard quota). */
    private SharingLimits sharingOf(Tenant tenant, Optional<TenantQuota> quota) {
        boolean shared = !tenant.isDedicated() && sharing.stream().anyMatch(s -> s.sharedOn(tenant.getClusters()));
        return shared ? quota.map(TenantQuota::sharing).orElse(SharingLimits.DEFAULT) : null;
    }

    private List<QuotaShortfall> shortfalls(
            Tenant tenant, QuotaLimits limits, SharingLimits sharing, WorkloadDemand demand, WorkloadDemand replacing) {
        List<WorkloadDemand> admitted = new java.util.ArrayList<>(demandSources.stream()
                .flatMap(s -> s.activeDemands(tenant.getId()).stream())
                .toList());
        if (replacing != null) {
            admitted.remove(replacing);
        }
        Map<Long, GpuProfile> profiles =
                catalog.allForAccounting().stream().collect(Collectors.toMap(GpuProfile::getId, Function.identity()));
        return QuotaCheck.shortfalls(tenant.getSlug(), limits, sharing, admitted, demand, profiles);
    }

    /** The arithmetic of admission, pure. */
    static final class QuotaCheck {

        private QuotaCheck() {}

        /** The first refusal, or null when the demand fits. */
        static String problem(
                String tenant,
                QuotaLimits limits,
                List<WorkloadDemand> admitted,
                WorkloadDemand demand,
                Map<Long, GpuProfile> profiles) {
            List<QuotaShortfall> all = shortfalls(tenant, limits, null, admitted, demand, profiles);
            return all.isEmpty() ? null : all.getFirst().message();
        }

        /** Every limit the demand would exceed under a hard quota (no sharing). */
        static List<QuotaShortfall> shortfalls(
                String tenant,
                QuotaLimits limits,
                List<WorkloadDemand> admitted,
                WorkloadDemand demand,
                Map<Long, GpuProfile> profiles) {
            return shortfalls(tenant, limits, null, admitted, demand, profiles);
        }

        /**
         * Every limit the demand would exceed. With {@code sharing} (the tenant's cluster shares GPUs through Kueue;
         * null for a hard quota) GPUs are counted in two classes: guaranteed work (notebooks, endpoints) fits the
         * guaranteed quota counting only guaranteed work, since Kueue's queue holds what is left of it for training
         * jobs and gives it back by preempting borrowers; a training job alone must fit the borrowing ceiling
         * (guaranteed plus borrowing limit), and waits in Kueue's queue until GPUs, CPU and memory are free.
         */
        static List<QuotaShortfall> shortfalls(
                String tenant,
                QuotaLimits limits,
                SharingLimits sharing,
                List<WorkloadDemand> admitted,
                WorkloadDemand demand,
                Map<Long, GpuProfile> profiles) {
            List<QuotaShortfall> found = new java.util.ArrayList<>();
            if (admitted.size() + 1 > limits.maxWorkloads()) {
                long over = admitted.size() + 1L - limits.maxWorkloads();
                found.add(new QuotaShortfall(
                        QuotaShortfall.Limit.WORKLOADS,
                        over + " workload" + (over == 1 ? "" : "s"),
                        "Tenant " + tenant + " may run at most " + limits.maxWorkloads() + " workloads and has "
                                + admitted.size() + " — stop or delete one, or ask an admin for more"));
            }
            // Where Kueue shares GPUs a training job waits in its queue until GPUs, CPU and memory are free there:
            // what other workloads hold does not refuse it.
            boolean borrowing = sharing != null && demand.mayBorrow();
            List<WorkloadDemand> holding = borrowing ? List.of() : admitted;
            if (demand.profileId() != null && demand.gpuUnits() > 0) {
                GpuProfile profile = profiles.get(demand.profileId());
                GpuAmount needed = profile.getEquivalent().times(demand.gpuUnits());
                if (borrowing) {
                    // queued: Kueue runs it when GPUs are free; it must only fit what the tenant may ever hold
                    GpuAmount ceiling = sharing.ceilingOf(limits.gpus());
                    if (needed.isGreaterThan(ceiling)) {
                        found.add(new QuotaShortfall(
                                QuotaShortfall.Limit.GPUS,
                                GpuFormat.amount(needed.minus(ceiling)),
                                "Needs " + GpuFormat.of(profile, demand.gpuUnits()) + " for " + demand.gpuUnits()
                                        + " × " + profile.getShortLabel() + "; tenant " + tenant
                                        + " may hold at most " + GpuFormat.amount(ceiling) + " at once ("
                                        + GpuFormat.amount(limits.gpus()) + " guaranteed + "
                                        + GpuFormat.amount(sharing.borrowingOf(limits.gpus()))
                                        + " it may borrow) — ask for fewer GPUs, or ask an admin"));
                    }
                } else {
                    GpuAmount used = admitted.stream()
                            .filter(d -> d.profileId() != null && profiles.containsKey(d.profileId()))
                            .filter(d -> sharing == null || !d.mayBorrow())
                            .map(d ->
                                    profiles.get(d.profileId()).getEquivalent().times(d.gpuUnits()))
                            .reduce(GpuAmount.ZERO, GpuAmount::plus);
                    GpuAmount left = limits.gpus().minus(used);
                    if (needed.isGreaterThan(left)) {
                        GpuAmount available = left.isNegative() ? GpuAmount.ZERO : left;
                        found.add(new QuotaShortfall(
                                QuotaShortfall.Limit.GPUS,
                                GpuFormat.amount(needed.minus(available)),
                                "Needs " + GpuFormat.of(profile, demand.gpuUnits()) + " for " + demand.gpuUnits()
                                        + " × " + profile.getShortLabel() + "; tenant " + tenant + " has "
                                        + GpuFormat.amount(available) + " of " + GpuFormat.amount(limits.gpus())
                                        + (sharing == null ? "" : " guaranteed (training jobs may borrow above it)")
                                        + " left — choose a smaller profile, stop a workload, or ask an admin"));
                    }
                }
                Integer cap = limits.profileCaps().get(profile.getId());
                if (cap != null) {
                    long usedOfProfile = holding.stream()
                            .filter(d -> profile.getId().equals(d.profileId()))
                            .mapToLong(WorkloadDemand::gpuUnits)
                            .sum();
                    if (usedOfProfile + demand.gpuUnits() > cap) {
                        found.add(new QuotaShortfall(
                                QuotaShortfall.Limit.PROFILE_CAP,
                                (usedOfProfile + demand.gpuUnits() - cap) + " × " + profile.getShortLabel(),
                                "Needs " + demand.gpuUnits() + " × " + profile.getShortLabel() + "; tenant " + tenant
                                        + " may hold at most " + cap + " and holds " + usedOfProfile
                                        + " — choose another profile, stop a workload, or ask an admin"));
                    }
                }
            }
            long cpu = holding.stream().mapToLong(WorkloadDemand::cpuMillis).sum();
            if (cpu + demand.cpuMillis() > limits.cpuMillis()) {
                found.add(new QuotaShortfall(
                        QuotaShortfall.Limit.CPU,
                        Quantities.cores(cpu + demand.cpuMillis() - limits.cpuMillis()),
                        "Needs " + Quantities.cores(demand.cpuMillis()) + "; tenant " + tenant + " has "
                                + Quantities.cores(Math.max(0, limits.cpuMillis() - cpu)) + " of "
                                + Quantities.cores(limits.cpuMillis())
                                + " left — ask for less CPU, stop a workload, or ask an admin"));
            }
            long memory =
                    holding.stream().mapToLong(WorkloadDemand::memoryBytes).sum();
            if (memory + demand.memoryBytes() > limits.memoryBytes()) {
                found.add(new QuotaShortfall(
                        QuotaShortfall.Limit.MEMORY,
                        Quantities.humanBytes(memory + demand.memoryBytes() - limits.memoryBytes()) + " memory",
                        "Needs " + Quantities.humanBytes(demand.memoryBytes()) + " memory; tenant " + tenant + " has "
                                + Quantities.humanBytes(Math.max(0, limits.memoryBytes() - memory)) + " of "
                                + Quantities.humanBytes(limits.memoryBytes())
                                + " left — ask for less memory, stop a workload, or ask an admin"));
            }
            long storage =
                    admitted.stream().mapToLong(WorkloadDemand::storageBytes).sum();
            if (storage + demand.storageBytes() > limits.storageBytes()) {
                found.add(new QuotaShortfall(
                        QuotaShortfall.Limit.STORAGE,
                        Quantities.humanBytes(storage + demand.storageBytes() - limits.storageBytes()) + " storage",
                        "Needs " + Quantities.humanBytes(demand.storageBytes()) + " storage; tenant " + tenant + " has "
                                + Quantities.humanBytes(Math.max(0, limits.storageBytes() - storage)) + " of "
                                + Quantities.humanBytes(limits.storageBytes())
                                + " left — use a smaller volume, delete a workload, or ask an admin"));
            }
            return found;
        }
    }
}
