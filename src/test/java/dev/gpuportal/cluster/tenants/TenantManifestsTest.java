package dev.gpuportal.cluster.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantManifestsTest {

    static final TenantBlueprint VISION = new TenantBlueprint(
            "vision",
            "vision",
            Map.of("requests.cpu", "32", "requests.nvidia.com/mig-1g.10gb", "4", "count/pods", "160"),
            List.of(
                    new TenantBlueprint.Grant("Group", "oidc:vision-team", TenantBlueprint.Access.MEMBER),
                    new TenantBlueprint.Grant("User", "oidc:vic", TenantBlueprint.Access.TENANT_ADMIN),
                    new TenantBlueprint.Grant("Group", "oidc:auditors", TenantBlueprint.Access.MEMBER)),
            List.of("ingress-nginx", "gpu-portal"));

    @Test
    void rendersNamespaceQuotaLimitsRbacAndNetworkPoliciesAllLabelled() {
        List<HasMetadata> objects = TenantManifests.render(VISION);

        assertThat(objects)
                .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .containsExactly(
                        "Namespace/vision",
                        "ResourceQuota/gpu-portal-quota",
                        "LimitRange/gpu-portal-defaults",
                        "RoleBinding/gpu-portal-tenant-admins",
                        "RoleBinding/gpu-portal-members",
                        "NetworkPolicy/gpu-portal-default-deny-ingress",
                        "NetworkPolicy/gpu-portal-allow-same-tenant",
                        "NetworkPolicy/gpu-portal-allow-from-portal");
        assertThat(objects).allSatisfy(o -> {
            assertThat(o.getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/managed-by", "gpu-portal")
                    .containsEntry("gpu-portal.dev/tenant", "vision");
        });
        assertThat(objects.subList(1, objects.size()))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("vision"));
    }

    @Test
    void quotaCarriesEveryKeyOfTheBlueprint() {
        ResourceQuota quota = TenantManifests.resourceQuota(VISION);
        assertThat(quota.getSpec().getHard())
                .containsEntry("requests.cpu", new Quantity("32"))
                .containsEntry("requests.nvidia.com/mig-1g.10gb", new Quantity("4"))
                .containsEntry("count/pods", new Quantity("160"));
    }

    @Test
    void limitRangeGivesDefaultsSoPodsWithoutRequestsStillCount() {
        LimitRange limits = TenantManifests.limitRange(VISION);
        var item = limits.getSpec().getLimits().getFirst();
        assertThat(item.getType()).isEqualTo("Container");
        assertThat(item.getDefaultRequest()).containsKeys("cpu", "memory");
        assertThat(item.getDefault()).containsKeys("cpu", "memory");
    }

    @Test
    void rolesBindToBuiltInClusterRolesWithSortedSubjectsAndNoEmptyBindings() {
        List<RoleBinding> bindings = TenantManifests.roleBindings(VISION);
        assertThat(bindings).extracting(b -> b.getRoleRef().getName()).containsExactly("admin", "edit");
        RoleBinding members = bindings.get(1);
        assertThat(members.getSubjects())
                .extracting(s -> s.getKind() + ":" + s.getName())
                .containsExactly("Group:oidc:auditors", "Group:oidc:vision-team");
        assertThat(members.getSubjects())
                .allSatisfy(s -> assertThat(s.getApiGroup()).isEqualTo("rbac.authorization.k8s.io"));
    }

    @Test
    void networkPoliciesDenyIngressButAllowTheTenantAndThePortal() {
        List<NetworkPolicy> policies = TenantManifests.networkPolicies(VISION);
        NetworkPolicy deny = policies.get(0);
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress");
        NetworkPolicy sameTenant = policies.get(1);
        assertThat(sameTenant
                        .getSpec()
                        .getIngress()
                        .getFirst()
                        .getFrom()
                        .getFirst()
                        .getNamespaceSelector()
                        .getMatchLabels())
                .containsEntry("gpu-portal.dev/tenant", "vision");
        NetworkPolicy portal = policies.get(2);
        var expression = portal.getSpec()
                .getIngress()
                .getFirst()
                .getFrom()
                .getFirst()
                .getNamespaceSelector()
                .getMatchExpressions()
                .getFirst();
        assertThat(expression.getKey()).isEqualTo("kubernetes.io/metadata.name");
        assertThat(expression.getValues()).containsExactly("gpu-portal", "ingress-nginx");
    }

    @Test
    void renderingIsDeterministic() {
        assertThat(TenantManifests.render(VISION)).isEqualTo(TenantManifests.render(VISION));
    }

    @Test
    void inItsOwnVirtualClusterTheTenantsAdminsAreClusterAdminAndEveryoneMayListNamespaces() {
        List<HasMetadata> objects = TenantManifests.render(VISION.inWholeCluster());

        assertThat(objects)
                .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .contains(
                        "RoleBinding/gpu-portal-members",
                        "ClusterRoleBinding/gpu-portal-tenant-admins",
                        "ClusterRole/gpu-portal-namespace-readers",
                        "ClusterRoleBinding/gpu-portal-namespace-readers")
                .doesNotContain("RoleBinding/gpu-portal-tenant-admins");
        var admins = (io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding) objects.stream()
                .filter(o -> o.getKind().equals("ClusterRoleBinding")
                        && o.getMetadata().getName().equals("gpu-portal-tenant-admins"))
                .findFirst()
                .orElseThrow();
        assertThat(admins.getRoleRef().getName()).isEqualTo("cluster-admin");
        assertThat(admins.getSubjects()).extracting(s -> s.getName()).containsExactly("oidc:vic");
        var readers = (io.fabric8.kubernetes.api.model.rbac.ClusterRole) objects.stream()
                .filter(o -> o.getKind().equals("ClusterRole"))
                .findFirst()
                .orElseThrow();
        assertThat(readers.getRules()).singleElement().satisfies(r -> {
            assertThat(r.getResources()).containsExactly("namespaces");
            assertThat(r.getVerbs()).containsExactly("get", "list", "watch");
        });
        assertThat(objects)
                .allSatisfy(
                        o -> assertThat(o.getMetadata().getLabels()).containsEntry("gpu-portal.dev/tenant", "vision"));
        // A shared namespace never gets cluster-wide rights.
        assertThat(TenantManifests.render(VISION)).noneMatch(o -> o.getKind().startsWith("Cluster"));
    }
}
