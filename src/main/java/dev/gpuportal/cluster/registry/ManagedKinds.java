package dev.gpuportal.cluster.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;

/**
 * The one list of kinds the portal owns: each is watched (by the managed-by label) on every cluster, read from that
 * cache, and pruned by label when no longer wanted. A kind the portal starts to manage is added here and nowhere
 * else.
 */
public final class ManagedKinds {

    /** A kind the portal owns; {@code tenantLevel} kinds make up a tenant, the others a workload. */
    public record Kind(Class<? extends HasMetadata> type, boolean namespaced, boolean tenantLevel) {

        public String name() {
            return HasMetadata.getKind(type);
        }
    }

    static final List<Kind> ALL = List.of(
            new Kind(Namespace.class, false, true),
            new Kind(ResourceQuota.class, true, true),
            new Kind(LimitRange.class, true, true),
            new Kind(RoleBinding.class, true, true),
            new Kind(NetworkPolicy.class, true, true),
            new Kind(ClusterRoleBinding.class, false, true),
            new Kind(ClusterRole.class, false, true),
            new Kind(StatefulSet.class, true, false),
            new Kind(Deployment.class, true, false),
            new Kind(Job.class, true, false),
            new Kind(HorizontalPodAutoscaler.class, true, false),
            new Kind(Service.class, true, false),
            new Kind(PersistentVolumeClaim.class, true, false),
            new Kind(Secret.class, true, false),
            new Kind(Pod.class, true, false));

    private ManagedKinds() {}

    public static Kind of(Class<? extends HasMetadata> type) {
        return ALL.stream()
                .filter(k -> k.type().equals(type))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(type.getSimpleName() + " is not a managed kind"));
    }

    public static boolean isManaged(Class<? extends HasMetadata> type) {
        return ALL.stream().anyMatch(k -> k.type().equals(type));
    }

    public static List<Kind> tenantLevel() {
        return ALL.stream().filter(Kind::tenantLevel).toList();
    }

    public static List<Kind> workloadLevel() {
        return ALL.stream().filter(k -> !k.tenantLevel()).toList();
    }
}
