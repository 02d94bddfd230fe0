package dev.gpuportal.cluster.tenants;

import dev.gpuportal.base.Quantities;
import dev.gpuportal.cluster.registry.KubernetesProperties;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.quota.GpuResourceQuotas;
import dev.gpuportal.quota.QuotaLimits;
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
