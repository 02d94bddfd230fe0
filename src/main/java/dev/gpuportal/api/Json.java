package dev.gpuportal.api;

import dev.gpuportal.base.Quantities;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.quota.QuotaUsage;
import dev.gpuportal.quota.QuotaView;
import dev.gpuportal.quota.SharingView;
import dev.gpuportal.tenancy.Tenant;
import dev.gpuportal.tenancy.TenantProvisioning;
import dev.gpuportal.workload.WorkloadView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The API's JSON shapes: stable field names, exact GPU amounts as fractions next to readable decimals. */
final class Json {

    private Json() {}

    record TenantJson(
            String slug,
            String displayName,
            String description,
            String isolationTier,
            List<String> allowedRegions,
            List<String> clusters,
            String status,
            boolean managedByFile,
            long version,
            String kubernetesVersion,
            List<String> nodePools,
            ControlPlaneJson controlPlane,
            List<ProvisioningJson> provisioning) {

        static TenantJson of(Tenant t, TenantProvisioning provisioning) {
            return new TenantJson(
                    t.getSlug(),
                    t.getDisplayName(),
                    t.getDescription(),
                    t.getIsolationTier().name().toLowerCase(),
                    t.getAllowedRegions(),
                    t.getClusters(),
                    t.getStatus().name().toLowerCase(),
                    t.isManagedByFile(),
                    t.getVersion(),
                    t.isDedicated() ? t.getKubernetesVersion().orElse("default") : null,
                    t.isDedicated() ? t.getNodePools() : null,
                    t.isDedicated()
                            ? provisioning
                                    .controlPlaneOf(t.getSlug())
                                    .map(c -> new ControlPlaneJson(
                                            c.host(), c.phase().label(), c.version(), c.message()))
                                    .orElse(new ControlPlaneJson(null, "Provisioning", "", "Not reported yet"))
                            : null,
                    provisioning.statusOf(t.getSlug()).stream()
                            .map(p -> new ProvisioningJson(
                                    p.cluster(), p.phase().name().toLowerCase(), p.message(), p.since()))
                            .toList());
        }
    }

    /** The tenant on one cluster: progressing, ready, failed, removing, or unreachable while the cluster is down. */
    record ProvisioningJson(String cluster, String phase, String message, Instant since) {}

    /** A dedicated tenant's control plane: host cluster, "Provisioning"/"Ready"/"Upgrading"/"Failed", version. */
    record ControlPlaneJson(String host, String phase, String version, String message) {}

    record QuotaJson(
            String tenant,
            String gpus,
            String gpusDecimal,
            Map<String, Integer> caps,
            String cpu,
            String memory,
            String storage,
            int maxWorkloads,
            String notebookIdleLimit,
            long version,
            String updatedBy,
            Instant updatedAt,
            List<String> warnings) {

        static QuotaJson of(QuotaView q) {
            Map<String, Integer> caps = new TreeMap<>();
            q.caps().forEach(c -> caps.put(c.profile().getName(), c.max()));
            var l = q.limits();
            return new QuotaJson(
                    q.tenantSlug(),
                    l.gpus().toFractionString(),
                    l.gpus().toDecimalString(),
                    caps,
                    Quantities.formatCpu(l.cpuMillis()),
                    Quantities.formatBytes(l.memoryBytes()),
                    Quantities.formatBytes(l.storageBytes()),
                    l.maxWorkloads(),
                    q.draft().notebookIdleLimit().isEmpty()
                            ? "default"
                            : q.draft().notebookIdleLimit(),
                    q.version(),
                    q.updatedBy(),
                    q.updatedAt(),
                    q.warnings());
        }
    }

    /** A tenant's sharing limits: as set (blank: default) and in effect, and whether its cluster shares at all. */
    record SharingJson(
            String tenant,
            String guaranteed,
            String borrowingLimit,
            String lendingLimit,
            String borrowing,
            String lending,
            boolean active,
            String whyOff,
            long version) {

        static SharingJson of(SharingView v) {
            return new SharingJson(
                    v.tenantSlug(),
                    v.guaranteed().toFractionString(),
                    v.draft().borrowingLimit(),
                    v.draft().lendingLimit(),
                    v.borrowing().toFractionString(),
                    v.lending().toFractionString(),
                    v.active(),
                    v.whyOff(),
                    v.version());
        }
    }

    record UsageJson(
            String tenant,
            String gpusUsed,
            String gpusLeft,
            String gpusQuota,
            String summary,
            String cpuUsed,
            String memoryUsed,
            String storageUsed,
            int workloads) {

        static UsageJson of(QuotaUsage u) {
            return new UsageJson(
                    u.quota().tenantSlug(),
                    u.gpusUsed().toFractionString(),
                    u.gpusLeft().toFractionString(),
                    u.quota().limits().gpus().toFractionString(),
                    u.describeGpus(),
                    Quantities.formatCpu(u.usedCpuMillis()),
                    Quantities.formatBytes(u.usedMemoryBytes()),
                    Quantities.formatBytes(u.usedStorageBytes()),
                    u.workloads());
        }
    }

    record ProfileJson(
            String name,
            String displayName,
            String kind,
            String resourceName,
            String gpuModel,
            String gpuEquivalent,
            boolean enabled) {

        static ProfileJson of(GpuProfile p) {
            return new ProfileJson(
                    p.getName(),
                    p.getDisplayName(),
                    p.getKind().name().toLowerCase(),
                    p.getResourceName(),
                    p.getGpuModel(),
                    p.getEquivalent().toFractionString(),
                    p.isEnabled());
        }
    }

    record WorkloadJson(
            long id,
            String tenant,
            String kind,
            String name,
            String owner,
            String gpuProfile,
            String gpus,
            String gpuEquivalent,
            String desired,
            String phase,
            String reason,
            Instant createdAt,
            long version,
            String url) {

        static WorkloadJson of(WorkloadView w) {
            return of(w, null);
        }

        /** With the URL of its route (notebooks and endpoints; null for training jobs). */
        static WorkloadJson of(WorkloadView w, String url) {
            return new WorkloadJson(
                    w.id(),
                    w.tenant(),
                    kind(w),
                    w.name(),
                    w.owner(),
                    w.gpuProfile(),
                    w.gpuSummary(),
                    w.gpuEquivalent(),
                    w.desired().name().toLowerCase(),
                    w.phase().name().toLowerCase(),
                    w.reason(),
                    w.createdAt(),
                    w.version(),
                    url);
        }

        private static String kind(WorkloadView w) {
            return switch (w.kind()) {
                case NOTEBOOK -> "notebook";
                case TRAINING_JOB -> "training";
                case INFERENCE_ENDPOINT -> "inference";
            };
        }
    }

    /** One page of a list. */
    record Page<T>(List<T> items, int page, int size, long total) {}
}
