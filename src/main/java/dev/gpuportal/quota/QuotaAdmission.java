package dev.gpuportal.quota;

import dev.gpuportal.base.Quantities;
import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.tenancy.Tenant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
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

    QuotaAdmission(TenantQuotaRepository quotas, List<WorkloadDemandSource> demandSources, GpuCatalog catalog) {
        this.quotas = quotas;
        this.demandSources = demandSources;
        this.catalog = catalog;
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
        QuotaLimits limits =
                quotas.lockByTenantId(tenant.getId()).map(TenantQuota::limits).orElse(QuotaLimits.NONE);
        List<WorkloadDemand> admitted = new java.util.ArrayList<>(demandSources.stream()
                .flatMap(s -> s.activeDemands(tenant.getId()).stream())
                .toList());
        if (replacing != null) {
            admitted.remove(replacing);
        }
        Map<Long, GpuProfile> profiles =
                catalog.allForAccounting().stream().collect(Collectors.toMap(GpuProfile::getId, Function.identity()));
        String problem = QuotaCheck.problem(tenant.getSlug(), limits, admitted, demand, profiles);
        if (problem != null) {
            throw new QuotaExceededException(problem);
        }
    }

    /** The arithmetic of admission, pure. */
    static final class QuotaCheck {

        private QuotaCheck() {}

        static String problem(
                String tenant,
                QuotaLimits limits,
                List<WorkloadDemand> admitted,
                WorkloadDemand demand,
                Map<Long, GpuProfile> profiles) {
            if (admitted.size() + 1 > limits.maxWorkloads()) {
                return "Tenant " + tenant + " may run at most " + limits.maxWorkloads() + " workloads and has "
                        + admitted.size() + " — stop or delete one, or ask an admin for more";
            }
            if (demand.profileId() != null && demand.gpuUnits() > 0) {
                GpuProfile profile = profiles.get(demand.profileId());
                GpuAmount needed = profile.getEquivalent().times(demand.gpuUnits());
                GpuAmount used = admitted.stream()
                        .filter(d -> d.profileId() != null && profiles.containsKey(d.profileId()))
                        .map(d -> profiles.get(d.profileId()).getEquivalent().times(d.gpuUnits()))
                        .reduce(GpuAmount.ZERO, GpuAmount::plus);
                GpuAmount left = limits.gpus().minus(used);
                if (needed.isGreaterThan(left)) {
                    return "Needs " + needed.toReadableString() + " GPU (" + demand.gpuUnits() + " × "
                            + profile.getShortLabel() + "); tenant " + tenant + " has "
                            + (left.isNegative() ? GpuAmount.ZERO : left).toReadableString() + " of "
                            + limits.gpus().toDecimalString()
                            + " GPU left — choose a smaller profile, stop a workload, or ask an admin";
                }
                Integer cap = limits.profileCaps().get(profile.getId());
                if (cap != null) {
                    long usedOfProfile = admitted.stream()
                            .filter(d -> profile.getId().equals(d.profileId()))
                            .mapToLong(WorkloadDemand::gpuUnits)
                            .sum();
                    if (usedOfProfile + demand.gpuUnits() > cap) {
                        return "Needs " + demand.gpuUnits() + " × " + profile.getShortLabel() + "; tenant " + tenant
                                + " may hold at most " + cap + " and holds " + usedOfProfile
                                + " — choose another profile, stop a workload, or ask an admin";
                    }
                }
            }
            long cpu = admitted.stream().mapToLong(WorkloadDemand::cpuMillis).sum();
            if (cpu + demand.cpuMillis() > limits.cpuMillis()) {
                return "Needs " + Quantities.formatCpu(demand.cpuMillis()) + " CPU; tenant " + tenant + " has "
                        + Quantities.formatCpu(Math.max(0, limits.cpuMillis() - cpu)) + " of "
                        + Quantities.formatCpu(limits.cpuMillis())
                        + " left — ask for less CPU, stop a workload, or ask an admin";
            }
            long memory =
                    admitted.stream().mapToLong(WorkloadDemand::memoryBytes).sum();
            if (memory + demand.memoryBytes() > limits.memoryBytes()) {
                return "Needs " + Quantities.humanBytes(demand.memoryBytes()) + " memory; tenant " + tenant + " has "
                        + Quantities.humanBytes(Math.max(0, limits.memoryBytes() - memory)) + " of "
                        + Quantities.humanBytes(limits.memoryBytes())
                        + " left — ask for less memory, stop a workload, or ask an admin";
            }
            long storage =
                    admitted.stream().mapToLong(WorkloadDemand::storageBytes).sum();
            if (storage + demand.storageBytes() > limits.storageBytes()) {
                return "Needs " + Quantities.humanBytes(demand.storageBytes()) + " storage; tenant " + tenant + " has "
                        + Quantities.humanBytes(Math.max(0, limits.storageBytes() - storage)) + " of "
                        + Quantities.humanBytes(limits.storageBytes())
                        + " left — use a smaller volume, delete a workload, or ask an admin";
            }
            return null;
        }
    }
}
