package dev.gpuportal.workload;

import static dev.gpuportal.workload.WorkloadLifecycleIT.notebook;
import static dev.gpuportal.workload.WorkloadLifecycleIT.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gpuportal.cluster.tenants.TenantReconciler;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.testsupport.kubernetes.SimulatedCluster;
import dev.gpuportal.testsupport.kubernetes.SimulatedClusterSpringTest;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The Helm chart's least-privilege roles are enough for what the portal does: a tenant is provisioned and one workload
 * of each kind runs, shows its events and log, and is deleted, all by the portal acting as the chart's ServiceAccount,
 * and the API server refused none of its requests (its audit log says so).
 */
class PortalRbacIT extends SimulatedClusterSpringTest {

    @Autowired
    TenantService tenants;

    @Autowired
    MembershipService memberships;

    @Autowired
    QuotaService quotas;

    @Autowired
    TenantReconciler tenantReconciler;

    @Autowired
    WorkloadService workloads;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void thePortalTalksToTheClusterAsTheChartsServiceAccount() {
        // Only service accounts are audited: the portal's informers listed and watched as the chart's account.
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.requestsOf(SimulatedCluster.PORTAL_USER) > 0);
    }

    @Test
    void aRequestNoRoleAllowsIsFoundInTheAuditLog() throws Exception {
        int mark = cluster.auditLogLines();
        var kubeconfig = cluster.kubeconfigOf("rbac-check");
        try (KubernetesClient unbound = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString()))
                .build()) {
            assertThatThrownBy(() -> unbound.configMaps().inNamespace("default").list())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(403));
        }
        assertThat(cluster.forbiddenRequests("system:serviceaccount:gpu-portal:rbac-check", mark))
                .containsExactly("list configmaps default/");
    }

    @Test
    void aTenantAndAWorkloadOfEachKindNeedNothingTheChartsRolesLack() {
        int mark = cluster.auditLogLines();
        AsPlatformAdmin.run(() -> {
            tenants.create(new TenantDraft("rbac-t", "rbac-t", null, IsolationTier.SHARED, List.of()), List.of("sim"));
            memberships.grant("rbac-t", SubjectType.GROUP, "rbac-t-team", TenantRole.MEMBER);
            memberships.grant("rbac-t", SubjectType.USER, "rita", TenantRole.TENANT_ADMIN);
            quotas.update(
                    "rbac-t",
                    QuotaService.NO_QUOTA_YET,
                    new QuotaDraft("4", Map.of(), "200", "800Gi", "10Ti", "50", ""));
        });
        tenantReconciler.reconcile("rbac-t");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> cluster.admin()
                                .resourceQuotas()
                                .inNamespace("rbac-t")
                                .withName("gpu-portal-quota")
                                .get()
                                .getStatus()
                        != null);

        signIn("rita", "rbac-t-team");
        List<WorkloadView> submitted = List.of(
                workloads.submit(notebook("rbac-t", "nb", "mig-1g.10gb", "1")),
                workloads.submit(new WorkloadForm.Training(
                        "rbac-t",
                        "train",
                        "nvcr.io/nvidia/pytorch:26.10-py3",
                        List.of("python", "train.py"),
                        List.of(),
                        List.of(),
                        "2",
                        "8Gi",
                        "mig-1g.10gb",
                        "1",
                        "1",
                        "1",
                        "1h",
                        "10Gi",
                        false)),
                workloads.submit(new WorkloadForm.Inference(
                        "rbac-t",
                        "serve",
                        "nvcr.io/nvidia/tritonserver:26.10-py3",
                        "8000",
                        "2",
                        "8Gi",
                        "shared-l4",
                        "1",
                        "1",
                        "2",
                        "70",
                        "/v2/health/ready")));
        for (WorkloadView w : submitted) {
            await().atMost(Duration.ofSeconds(90)).until(() -> phaseOf(w.id()) == ObservedPhase.RUNNING);
            assertThat(workloads.events(w.id())).as("events of %s", w.name()).isNotNull();
            assertThat(workloads.logs(w.id(), 20)).as("log of %s", w.name()).isNotNull();
        }
        for (WorkloadView w : submitted) {
            workloads.delete(w.id());
        }
        await().atMost(Duration.ofSeconds(90))
                .until(() -> cluster.admin()
                        .pods()
                        .inNamespace("rbac-t")
                        .list()
                        .getItems()
                        .isEmpty());

        assertThat(cluster.forbiddenRequests(SimulatedCluster.PORTAL_USER, mark))
                .as("requests the chart's roles do not allow")
                .isEmpty();
    }

    private ObservedPhase phaseOf(long id) {
        return AsPlatformAdmin.call(() -> workloads.get(id).phase());
    }
}
