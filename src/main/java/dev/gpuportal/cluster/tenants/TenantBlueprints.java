package dev.gpuportal.cluster.tenants;

import dev.gpuportal.base.Quantities;
import dev.gpuportal.cluster.registry.GpuFamily;
import dev.gpuportal.cluster.registry.KubernetesProperties;
import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.quota.GpuResourceQuotas;
import dev.gpuportal.quota.QuotaLimits;
import dev.gpuportal.quota.SharingLimits;
import dev.gpuportal.tenancy.MembershipView;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantRole;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a tenant's blueprint from its quota, GPU catalog and members. Pure. */
final class TenantBlueprints {

    private TenantBlueprints() {}

    static TenantBlueprint blueprint(
            String slug,
            QuotaLimits quota,
            Collection<GpuProfile> catalog,
            List<MembershipView> members,
            KubernetesProperties properties) {
        return new TenantBlueprint(
                slug,
                properties.namespaceOf(slug),
                quotaHard(quota, catalog, properties.podsPerWorkload()),
                members.stream().map(m -> grant(m, properties)).toList(),
                properties.trustedNamespaces());
    }

    /**
     * The blueprint of a tenant whose GPUs Kueue shares: the ResourceQuota's GPU keys are raised to the borrowing
     * ceiling (guaranteed plus what it may borrow), so that they stay a backstop behind Kueue and do not block
     * borrowed jobs.
     */
    static TenantBlueprint sharedBlueprint(
            String slug,
            QuotaLimits quota,
            SharingLimits sharing,
            Collection<GpuProfile> catalog,
            List<MembershipView> members,
            KubernetesProperties properties) {
        QuotaLimits ceiling = withGpus(quota, sharing.ceilingOf(quota.gpus()));
        Map<String, String> hard = quotaHard(quota, catalog, properties.podsPerWorkload());
        GpuResourceQuotas.maxUnitsByResource(ceiling, catalog)
                .forEach((resource, units) -> hard.put("requests." + resource, Long.toString(units)));
        return new TenantBlueprint(
                slug,
                properties.namespaceOf(slug),
                hard,
                members.stream().map(m -> grant(m, properties)).toList(),
                properties.trustedNamespaces());
    }

    /**
     * The tenant's ClusterQueue quotas: for each GPU family the nodes offer and the catalog names, the guaranteed
     * units, the borrowing and the lending limit, each converted from GPU-equivalents exactly as the ResourceQuota
     * keys are (see {@link GpuResourceQuotas}). What its notebooks and endpoints hold ({@code heldOutsideQueue}) is
     * guaranteed to them and not queued, so it is taken out of the nominal quota: Kueue neither hands it to the
     * tenant's jobs nor lends it.
     */
    static KueueBlueprint kueue(
            String slug,
            QuotaLimits quota,
            SharingLimits sharing,
            GpuAmount heldOutsideQueue,
            Collection<GpuProfile> catalog,
            List<GpuFamily> families,
            KubernetesProperties properties,
            String cohort) {
        GpuAmount queued = quota.gpus().minus(heldOutsideQueue);
        QuotaLimits forQueue = withGpus(quota, queued.isNegative() ? GpuAmount.ZERO : queued);
        Map<String, Long> nominal = GpuResourceQuotas.maxUnitsByResource(forQueue, catalog);
        Map<String, Long> borrowing =
                GpuResourceQuotas.maxUnitsByResource(withGpus(quota, sharing.borrowingOf(quota.gpus())), catalog);
        Map<String, Long> lending = GpuResourceQuotas.maxUnitsByResource(
                withGpus(quota, sharing.lendingOf(quota.gpus()).min(forQueue.gpus())), catalog);
        List<KueueBlueprint.FlavorQuota> gpus = families.stream()
                .filter(f -> nominal.containsKey(f.resource()))
                .map(f -> new KueueBlueprint.FlavorQuota(
                        KueueManifests.flavorName(f.product(), f.resource()),
                        f.resource(),
                        f.product(),
                        nominal.get(f.resource()),
                        borrowing.getOrDefault(f.resource(), 0L),
                        Math.min(nominal.get(f.resource()), lending.getOrDefault(f.resource(), 0L)),
                        f.topology()))
                .toList();
        return new KueueBlueprint(
                slug, properties.namespaceOf(slug), cohort, gpus, quota.cpuMillis(), quota.memoryBytes(), 1);
    }

    private static QuotaLimits withGpus(QuotaLimits quota, GpuAmount gpus) {
        return new QuotaLimits(
                gpus,
                quota.profileCaps(),
                quota.cpuMillis(),
                quota.memoryBytes(),
                quota.storageBytes(),
                quota.maxWorkloads(),
                quota.notebookIdleLimit());
    }

    /**
     * The ResourceQuota: CPU, memory and storage requests, a pod count (max workloads × pods a workload may have),
     * and one {@code requests.<resource>} key per GPU resource name (see {@link GpuResourceQuotas}).
     */
    static Map<String, String> quotaHard(QuotaLimits quota, Collection<GpuProfile> catalog, int podsPerWorkload) {
        Map<String, String> hard = new LinkedHashMap<>();
        hard.put("requests.cpu", Quantities.formatCpu(quota.cpuMillis()));
        hard.put("requests.memory", Quantities.formatBytes(quota.memoryBytes()));
        hard.put("requests.storage", Quantities.formatBytes(quota.storageBytes()));
        hard.put("count/pods", Long.toString((long) quota.maxWorkloads() * podsPerWorkload));
        GpuResourceQuotas.maxUnitsByResource(quota, catalog)
                .forEach((resource, units) -> hard.put("requests." + resource, Long.toString(units)));
        return hard;
    }

    static TenantBlueprint.Grant grant(MembershipView m, KubernetesProperties properties) {
        boolean group = m.subjectType() == SubjectType.GROUP;
        return new TenantBlueprint.Grant(
                group ? "Group" : "User",
                (group ? properties.rbacGroupPrefix() : properties.rbacUserPrefix()) + m.subject(),
                access(m.role()));
    }

    static TenantBlueprint.Access access(TenantRole role) {
        return switch (role) {
            case TENANT_ADMIN -> TenantBlueprint.Access.TENANT_ADMIN;
            case MEMBER -> TenantBlueprint.Access.MEMBER;
            case VIEWER -> TenantBlueprint.Access.VIEWER;
        };
    }
}
