package dev.gpuportal.cluster.tenants;

import dev.gpuportal.cluster.registry.OwnedLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders a tenant's Kubernetes objects from its blueprint. Pure: no I/O, the same input gives the same objects. */
public final class TenantManifests {

    public static final String QUOTA_NAME = "gpu-portal-quota";
    public static final String LIMIT_RANGE_NAME = "gpu-portal-defaults";
    public static final String DENY_INGRESS = "gpu-portal-default-deny-ingress";
    public static final String ALLOW_SAME_TENANT = "gpu-portal-allow-same-tenant";
    public static final String ALLOW_FROM_PORTAL = "gpu-portal-allow-from-portal";
    public static final String CLUSTER_ADMINS = "gpu-portal-tenant-admins";
    public static final String NAMESPACE_READERS = "gpu-portal-namespace-readers";
    private static final java.util.Comparator<Subject> SUBJECT_ORDER =
            java.util.Comparator.comparing(s -> s.getKind() + s.getName());
    static final String RBAC_GROUP = "rbac.authorization.k8s.io";
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    /** Defaults for containers that state no requests or limits, so that every pod counts against the quota. */
    static final Map<String, String> DEFAULT_REQUEST = Map.of("cpu", "500m", "memory", "1Gi");

    static final Map<String, String> DEFAULT_LIMIT = Map.of("cpu", "2", "memory", "4Gi");

    private TenantManifests() {}

    /** All objects of the tenant, namespace first. */
    public static List<HasMetadata> render(TenantBlueprint tenant) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(namespace(tenant));
        objects.add(resourceQuota(tenant));
        objects.add(limitRange(tenant));
        objects.addAll(roleBindings(tenant));
        objects.addAll(networkPolicies(tenant));
        if (tenant.wholeCluster()) {
            objects.addAll(clusterAccess(tenant));
        }
        return objects;
    }

    /**
     * In a dedicated tenant's own cluster: tenant admins are cluster-admin, members and viewers may list the
     * namespaces (to find their own with kubectl).
     */
    static List<HasMetadata> clusterAccess(TenantBlueprint tenant) {
        List<HasMetadata> objects = new ArrayList<>();
        List<Subject> admins = subjects(tenant, TenantBlueprint.Access.TENANT_ADMIN);
        if (!admins.isEmpty()) {
            objects.add(new ClusterRoleBindingBuilder()
                    .withMetadata(clusterMeta(tenant, CLUSTER_ADMINS))
                    .withNewRoleRef()
                    .withApiGroup(RBAC_GROUP)
                    .withKind("ClusterRole")
                    .withName("cluster-admin")
                    .endRoleRef()
                    .withSubjects(admins)
                    .build());
        }
        List<Subject> everyone = tenant.grants().stream()
                .map(TenantManifests::subject)
                .distinct()
                .sorted(SUBJECT_ORDER)
                .toList();
        if (!everyone.isEmpty()) {
            objects.add(new ClusterRoleBuilder()
                    .withMetadata(clusterMeta(tenant, NAMESPACE_READERS))
                    .addNewRule()
                    .withApiGroups("")
                    .withResources("namespaces")
                    .withVerbs("get", "list", "watch")
                    .endRule()
                    .build());
            objects.add(new ClusterRoleBindingBuilder()
                    .withMetadata(clusterMeta(tenant, NAMESPACE_READERS))
                    .withNewRoleRef()
                    .withApiGroup(RBAC_GROUP)
                    .withKind("ClusterRole")
                    .withName(NAMESPACE_READERS)
                    .endRoleRef()
                    .withSubjects(everyone)
                    .build());
        }
        return objects;
    }

    private static ObjectMeta clusterMeta(TenantBlueprint tenant, String name) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withLabels(OwnedLabels.tenant(tenant.slug()))
                .build();
    }

    private static List<Subject> subjects(TenantBlueprint tenant, TenantBlueprint.Access access) {
        return tenant.grants().stream()
                .filter(g -> g.access() == access)
                .map(TenantManifests::subject)
                .sorted(SUBJECT_ORDER)
                .toList();
    }

    private static Subject subject(TenantBlueprint.Grant g) {
        return new SubjectBuilder()
                .withKind(g.subjectKind())
                .withName(g.subjectName())
                .withApiGroup(RBAC_GROUP)
                .build();
    }

    static Namespace namespace(TenantBlueprint tenant) {
        return new NamespaceBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(tenant.namespace())
                        .withLabels(OwnedLabels.tenant(tenant.slug()))
                        .build())
                .build();
    }

    static ResourceQuota resourceQuota(TenantBlueprint tenant) {
        Map<String, Quantity> hard = new TreeMap<>();
        tenant.quotaHard().forEach((key, value) -> hard.put(key, new Quantity(value)));
        return new ResourceQuotaBuilder()
                .withMetadata(meta(tenant, QUOTA_NAME))
                .withNewSpec()
                .withHard(hard)
                .endSpec()
                .build();
    }

    static LimitRange limitRange(TenantBlueprint tenant) {
        return new LimitRangeBuilder()
                .withMetadata(meta(tenant, LIMIT_RANGE_NAME))
                .withNewSpec()
                .addNewLimit()
                .withType("Container")
                .withDefaultRequest(quantities(DEFAULT_REQUEST))
                .withDefault(quantities(DEFAULT_LIMIT))
                .endLimit()
                .endSpec()
                .build();
    }

    /** One RoleBinding per role that has subjects; roles nobody holds get no binding. */
    static List<RoleBinding> roleBindings(TenantBlueprint tenant) {
        List<RoleBinding> bindings = new ArrayList<>();
        for (TenantBlueprint.Access access : TenantBlueprint.Access.values()) {
            List<Subject> subjects = subjects(tenant, access);
            if (subjects.isEmpty() || (tenant.wholeCluster() && access == TenantBlueprint.Access.TENANT_ADMIN)) {
                continue;
            }
            bindings.add(new RoleBindingBuilder()
                    .withMetadata(meta(tenant, access.bindingName()))
                    .withNewRoleRef()
                    .withApiGroup(RBAC_GROUP)
                    .withKind("ClusterRole")
                    .withName(access.clusterRole())
                    .endRoleRef()
                    .withSubjects(subjects)
                    .build());
        }
        return bindings;
    }

    /** Deny all ingress, then allow it from the tenant's own namespaces and from the portal/ingress namespaces. */
    static List<NetworkPolicy> networkPolicies(TenantBlueprint tenant) {
        List<NetworkPolicy> policies = new ArrayList<>();
        policies.add(ingressPolicy(tenant, DENY_INGRESS, null));
        policies.add(ingressPolicy(
                tenant,
                ALLOW_SAME_TENANT,
                new LabelSelectorBuilder()
                        .withMatchLabels(Map.of(OwnedLabels.TENANT, tenant.slug()))
                        .build()));
        if (!tenant.trustedNamespaces().isEmpty()) {
            policies.add(ingressPolicy(
                    tenant,
                    ALLOW_FROM_PORTAL,
                    new LabelSelectorBuilder()
                            .addNewMatchExpression()
                            .withKey(NAMESPACE_NAME_LABEL)
                            .withOperator("In")
                            .withValues(
                                    tenant.trustedNamespaces().stream().sorted().toList())
                            .endMatchExpression()
                            .build()));
        }
        return policies;
    }

    /** An ingress policy for all pods of the tenant: from the namespaces {@code from} selects, or from nowhere. */
    private static NetworkPolicy ingressPolicy(TenantBlueprint tenant, String name, LabelSelector from) {
        NetworkPolicyBuilder policy = new NetworkPolicyBuilder()
                .withMetadata(meta(tenant, name))
                .withNewSpec()
                .withPodSelector(new LabelSelectorBuilder().build())
                .withPolicyTypes("Ingress")
                .endSpec();
        if (from != null) {
            policy.editSpec()
                    .addNewIngress()
                    .withFrom(new NetworkPolicyPeerBuilder()
                            .withNamespaceSelector(from)
                            .build())
                    .endIngress()
                    .endSpec();
        }
        return policy.build();
    }

    private static ObjectMeta meta(TenantBlueprint tenant, String name) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(tenant.namespace())
                .withLabels(OwnedLabels.tenant(tenant.slug()))
                .build();
    }

    private static Map<String, Quantity> quantities(Map<String, String> values) {
        Map<String, Quantity> result = new TreeMap<>();
        values.forEach((k, v) -> result.put(k, new Quantity(v)));
        return result;
    }
}
