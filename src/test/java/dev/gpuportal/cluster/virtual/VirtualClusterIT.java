package dev.gpuportal.cluster.virtual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.cluster.registry.ClusterRegistry;
import dev.gpuportal.cluster.tenants.TenantReconciler;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.security.Authorities;
import dev.gpuportal.tenancy.ClusterSummary;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantProvisioning;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.testsupport.kubernetes.KamajiStandIn;
import dev.gpuportal.testsupport.kubernetes.SimulatedClusterSpringTest;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadForm;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadView;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The dedicated tier on real API servers: the portal asks the host for a Kamaji TenantControlPlane; the test
 * harness, playing Kamaji's operator, starts a second real control plane for it; the portal reaches it through the
 * admin kubeconfig Secret and sets the tenant up inside it.
 */
class VirtualClusterIT extends SimulatedClusterSpringTest {

    static final KamajiStandIn kamaji = KamajiStandIn.on(cluster);
    static final String SLUG = "dvision";
    static final String CONTROL_PLANE_NS = "gpu-portal-vc-dvision";

    @Autowired
    TenantService tenants;

    @Autowired
    MembershipService memberships;

    @Autowired
    QuotaService quotas;

    @Autowired
    TenantReconciler reconciler;

    @Autowired
    WorkloadService workloads;

    @Autowired
    TenantProvisioning provisioning;

    @Autowired
    ClusterRegistry registry;

    @Autowired
    dev.gpuportal.tenancy.TenantKubeconfigs kubeconfigs;

    final KubernetesClient host = cluster.admin();

    @AfterEach
    void signOutAndLeaveTheHostAsFound() {
        SecurityContextHolder.clearContext();
        // Whatever happened, the tenant goes, so its control plane stops and the host's node pool is schedulable
        // again for the other tests.
        AsPlatformAdmin.run(() -> tenants.findForInternalUse(SLUG)
                .filter(t -> !t.isArchived())
                .ifPresent(t -> tenants.archive(SLUG, true)));
        await().atMost(Duration.ofSeconds(120))
                .until(() -> host.namespaces().withName(CONTROL_PLANE_NS).get() == null
                        && !Boolean.TRUE.equals(host.nodes()
                                .withName("kwok-h100-mig-1")
                                .get()
                                .getSpec()
                                .getUnschedulable()));
    }

    @Test
    void aDedicatedTenantGetsItsOwnControlPlaneWhereItsSetupAndNotebooksLiveAndLeavesWithIt() {
        AsPlatformAdmin.run(() -> {
            tenants.create(dedicated(""), List.of("sim"));
            memberships.grant(SLUG, SubjectType.GROUP, "dvision-team", TenantRole.MEMBER);
            memberships.grant(SLUG, SubjectType.GROUP, "dvision-leads", TenantRole.TENANT_ADMIN);
            quotas.update(SLUG, QuotaService.NO_QUOTA_YET, new QuotaDraft("2", Map.of(), "32", "128Gi", "1Ti", "10"));
        });
        long asked = System.nanoTime();
        reconciler.reconcile(SLUG);

        // The host gets the control plane's namespace and a TenantControlPlane with the fields Kamaji reads.
        GenericKubernetesResource tcp = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> host.genericKubernetesResources(KamajiProvider.TENANT_CONTROL_PLANES)
                                .inNamespace(CONTROL_PLANE_NS)
                                .withName(SLUG)
                                .get(),
                        t -> t != null);
        assertThat(tcp.getMetadata().getAnnotations()).containsEntry("gpu-portal.dev/node-pools", "h100-mig");
        assertThat(tcp.getMetadata().getLabels()).containsEntry("gpu-portal.dev/tenant", SLUG);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec =
                (Map<String, Object>) tcp.getAdditionalProperties().get("spec");
        assertThat(spec).extractingByKey("kubernetes").asString().contains("version=v1.37.2");
        assertThat(spec)
                .extractingByKey("controlPlane")
                .asString()
                .contains("replicas=2")
                .contains("serviceType=LoadBalancer");

        // Ready, registered as a cluster of its own, and the tenant's setup is inside it, not in the host.
        await().atMost(Duration.ofSeconds(90))
                .failFast(() -> provisioning
                        .controlPlaneOf(SLUG)
                        .filter(c -> c.phase() == TenantProvisioning.ControlPlanePhase.FAILED)
                        .ifPresent(c -> {
                            throw new AssertionError(c.message() + "\n" + kamaji.log());
                        }))
                .until(() -> registry.find("vc-" + SLUG).isPresent());
        System.out.printf(
                "BENCHMARK dedicated tenant: TenantControlPlane asked to virtual cluster registered: %d ms%n",
                (System.nanoTime() - asked) / 1_000_000);
        KubernetesClient inside = registry.find("vc-" + SLUG).orElseThrow().client();
        assertThat(inside.getMasterUrl()).isNotEqualTo(host.getMasterUrl());
        // The reconciler says Ready once everything is applied inside and the quota is active there.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> provisioning.statusOf(SLUG).stream()
                        .anyMatch(
                                s -> s.cluster().equals("vc-" + SLUG) && s.phase() == TenantProvisioning.Phase.READY));
        assertThat(host.namespaces().withName(SLUG).get()).isNull();
        assertThat(inside.rbac()
                        .roleBindings()
                        .inNamespace(SLUG)
                        .withName("gpu-portal-members")
                        .get()
                        .getSubjects())
                .extracting(s -> s.getName())
                .containsExactly("oidc:dvision-team");
        var admins = inside.rbac()
                .clusterRoleBindings()
                .withName("gpu-portal-tenant-admins")
                .get();
        assertThat(admins).as("tenant admins' ClusterRoleBinding inside").isNotNull();
        assertThat(admins.getRoleRef().getName()).isEqualTo("cluster-admin");
        assertThat(admins.getSubjects()).extracting(s -> s.getName()).containsExactly("oidc:dvision-leads");
        assertThat(provisioning.controlPlaneOf(SLUG).orElseThrow().version()).isEqualTo("v1.37.2");

        // The assigned node pool serves this tenant only: it is counted in its virtual cluster, not in the host's.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> summary("vc-" + SLUG).gpus().containsKey("nvidia.com/mig-1g.10gb"));
        assertThat(summary("sim").gpus()).doesNotContainKey("nvidia.com/mig-1g.10gb");
        assertThat(summary("sim").dedicatedPools()).containsEntry("h100-mig", SLUG);
        assertThat(summary("vc-" + SLUG).host()).isEqualTo("sim");
        assertThat(tenants.eligibleClusters(List.of())).doesNotContain("vc-" + SLUG);

        // A member's notebook runs inside the tenant's own cluster.
        signIn("dana", "dvision-team");
        WorkloadView nb = workloads.submit(new WorkloadForm.Notebook(
                SLUG, "inside", "quay.io/jupyter/scipy-notebook:2026-11-02", "1", "4Gi", "mig-1g.10gb", "1", "10Gi"));
        await().atMost(Duration.ofSeconds(60))
                .pollInSameThread()
                .until(() -> workloads.get(nb.id()).phase() == ObservedPhase.RUNNING);
        assertThat(inside.pods()
                        .inNamespace(SLUG)
                        .withLabel("gpu-portal.dev/workload-id", Long.toString(nb.id()))
                        .list()
                        .getItems())
                .singleElement()
                .satisfies(p -> assertThat(p.getSpec().getNodeName()).startsWith("kwok-h100-mig-"));
        assertThat(host.pods()
                        .inAnyNamespace()
                        .withLabel("gpu-portal.dev/workload-id", Long.toString(nb.id()))
                        .list()
                        .getItems())
                .isEmpty();

        // Without an https issuer there is no single sign-on into it, so no kubeconfig; other tenants get none either.
        assertThatThrownBy(() -> kubeconfigs.kubeconfigFor(SLUG))
                .isInstanceOf(dev.gpuportal.base.ConflictException.class)
                .hasMessageContaining("has no single sign-on");
        signIn("ravi", "recsys-team");
        assertThatThrownBy(() -> kubeconfigs.kubeconfigFor(SLUG))
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
        signIn("dana", "dvision-team");

        // Inside, RBAC is by OIDC identity: members edit their namespace, admins own the cluster, others nothing.
        try (KubernetesClient ravi = as(inside, "oidc:ravi", "oidc:recsys-team");
                KubernetesClient dana = as(inside, "oidc:dana", "oidc:dvision-team");
                KubernetesClient lead = as(inside, "oidc:lea", "oidc:dvision-leads")) {
            assertForbidden(() -> ravi.pods().inNamespace(SLUG).list());
            assertForbidden(() -> ravi.namespaces().list());
            assertForbidden(() -> ravi.secrets().inNamespace(SLUG).list());
            assertThat(dana.pods().inNamespace(SLUG).list().getItems()).hasSize(1);
            assertThat(dana.namespaces().list().getItems())
                    .extracting(n -> n.getMetadata().getName())
                    .contains(SLUG);
            assertForbidden(() -> dana.pods().inNamespace("kube-system").list());
            assertForbidden(() -> dana.rbac().clusterRoleBindings().list());
            assertThat(lead.rbac().clusterRoleBindings().list().getItems()).isNotEmpty();
        }

        // The tier cannot change while the tenant has workloads; upgrades go one minor release at a time.
        AsPlatformAdmin.run(() -> {
            var tenant = tenants.get(SLUG);
            assertThatThrownBy(() -> tenants.update(
                            SLUG,
                            tenant.getVersion(),
                            new TenantDraft(SLUG, "Dedicated vision", null, IsolationTier.SHARED, List.of())))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("stays dedicated while it has workloads: 1 workload");
            assertThatThrownBy(() -> tenants.update(SLUG, tenant.getVersion(), dedicated("v1.39.0")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("one minor release at a time");
            tenants.update(SLUG, tenant.getVersion(), dedicated("v1.38.0"));
        });
        await().atMost(Duration.ofSeconds(30))
                .until(() -> provisioning
                        .controlPlaneOf(SLUG)
                        .map(c -> c.phase() == TenantProvisioning.ControlPlanePhase.READY
                                && c.version().equals("v1.38.0"))
                        .orElse(false));

        // Archiving (the admin confirmed deleting what runs) removes the workloads, the control plane, its namespace.
        AsPlatformAdmin.run(() -> tenants.archive(SLUG, true));
        await().atMost(Duration.ofSeconds(120))
                .until(() -> host.namespaces().withName(CONTROL_PLANE_NS).get() == null);
        assertThat(registry.find("vc-" + SLUG)).isEmpty();
        assertThat(host.genericKubernetesResources(KamajiProvider.TENANT_CONTROL_PLANES)
                        .inAnyNamespace()
                        .list()
                        .getItems())
                .noneMatch(t -> t.getMetadata().getName().equals(SLUG));
        assertThat(AsPlatformAdmin.call(() -> workloads.listOfTenant(SLUG))).isEmpty();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        host.nodes().withName("kwok-h100-mig-1").get().getSpec().getUnschedulable() == null
                                || !host.nodes()
                                        .withName("kwok-h100-mig-1")
                                        .get()
                                        .getSpec()
                                        .getUnschedulable());
        assertThat(summary("sim").dedicatedPools()).isEmpty();
    }

    /** The test tenant as the admin enters it: dedicated, on the host's h100-mig pool, at {@code version}. */
    private static TenantDraft dedicated(String version) {
        return new TenantDraft(
                SLUG, "Dedicated vision", null, IsolationTier.DEDICATED, List.of(), version, List.of("h100-mig"));
    }

    private ClusterSummary summary(String name) {
        return registry.summaries().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static KubernetesClient as(KubernetesClient admin, String user, String... groups) {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(admin.getConfiguration())
                        .withImpersonateUsername(user)
                        .withImpersonateGroups(groups)
                        .build())
                .build();
    }

    private static void assertForbidden(Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e ->
                        assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    }

    private static void signIn(String user, String... groups) {
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        user, null, Authorities.of(Set.of(groups), false)));
    }
}
