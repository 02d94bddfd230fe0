package dev.gpuportal.workload;

import static org.assertj.core.api.Assertions.assertThat;
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
import dev.gpuportal.testsupport.kubernetes.SimulatedClusterSpringTest;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Residency on the real scheduler: a tenant's pods land only on nodes of its allowed regions, and a workload whose
 * GPUs exist only elsewhere stays unscheduled rather than leave them. The simulated cluster has CPU, H100 and MIG
 * pools in eu-central and a time-sliced L4 pool in us-east. Also what running workloads cost the API server while
 * nothing changes: no GET and no LIST.
 */
class WorkloadResidencyIT extends SimulatedClusterSpringTest {

    static final String REGION = "topology.kubernetes.io/region";

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

    final KubernetesClient admin = cluster.admin();

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void everyWorkerOfATenantInUsEastRunsOnUsEastNodes() {
        tenant("res-us", "us-east");
        WorkloadLifecycleIT.signIn("uma", "res-us-team");
        workloads.submit(new WorkloadForm.Training(
                "res-us",
                "spread",
                "nvcr.io/nvidia/pytorch:26.10-py3",
                List.of("python", "train.py"),
                List.of(),
                List.of(),
                "1",
                "1Gi",
                "",
                "",
                "6",
                "1",
                "2h",
                "1Gi",
                false));

        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> assertThat(scheduled("res-us")).hasSize(6));
        assertThat(scheduled("res-us"))
                .extracting(p -> regionOf(p.getSpec().getNodeName()))
                .containsOnly("us-east");
    }

    @Test
    void aSliceThatExistsOnlyOutsideTheTenantsRegionsStaysUnscheduled() {
        tenant("res-eu", "eu-central");
        WorkloadLifecycleIT.signIn("ella", "res-eu-team");
        workloads.submit(WorkloadLifecycleIT.notebook("res-eu", "l4", "shared-l4", "1"));

        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> assertThat(
                                admin.pods().inNamespace("res-eu").list().getItems())
                        .singleElement()
                        .satisfies(p -> assertThat(p.getStatus().getConditions())
                                .anySatisfy(c -> {
                                    assertThat(c.getType()).isEqualTo("PodScheduled");
                                    assertThat(c.getStatus()).isEqualTo("False");
                                    assertThat(c.getMessage()).contains("affinity");
                                })));
        assertThat(admin.pods().inNamespace("res-eu").list().getItems())
                .allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isNull());
    }

    @Autowired
    dev.gpuportal.cluster.workloads.WorkloadReconciler reconciler;

    @Autowired
    dev.gpuportal.cluster.tenants.TenantReconciler tenantsResync;

    /** The kinds a workload is made of, as the API server names them in its metrics. */
    static final java.util.Set<String> WORKLOAD_RESOURCES = java.util.Set.of(
            "statefulsets",
            "deployments",
            "jobs",
            "horizontalpodautoscalers",
            "services",
            "persistentvolumeclaims",
            "secrets",
            "pods");

    @Test
    void runningWorkloadsCostNoGetOrListBetweenResyncsNorOnAResyncThatChangesNothing() throws Exception {
        tenant("res-idle", "eu-central");
        WorkloadLifecycleIT.signIn("ida", "res-idle-team");
        List<WorkloadView> running = List.of(
                workloads.submit(WorkloadLifecycleIT.notebook("res-idle", "nb", "mig-1g.10gb", "1")),
                workloads.submit(new WorkloadForm.Training(
                        "res-idle",
                        "job",
                        "nvcr.io/nvidia/pytorch:26.10-py3",
                        List.of("python", "train.py"),
                        List.of(),
                        List.of(),
                        "1",
                        "1Gi",
                        "",
                        "",
                        "2",
                        "1",
                        "2h",
                        "1Gi",
                        false)),
                workloads.submit(new WorkloadForm.Inference(
                        "res-idle",
                        "serve",
                        "nvcr.io/nvidia/tritonserver:26.10-py3",
                        "8000",
                        "1",
                        "1Gi",
                        "",
                        "",
                        "1",
                        "2",
                        "70",
                        "/v2/health/ready")));
        await().atMost(Duration.ofSeconds(120))
                .until(() -> running.stream()
                        .allMatch(w ->
                                AsPlatformAdmin.call(() -> workloads.get(w.id()).phase()) == ObservedPhase.RUNNING));
        Thread.sleep(3000); // the last status writes and watch events settle

        // The portal's own requests, from the API server's audit log: its request counter also counts the other
        // clients of this cluster (the metrics stand-in lists pods, the controllers watch).
        var cluster = dev.gpuportal.testsupport.kubernetes.SimulatedCluster.shared();
        int mark = cluster.auditLogLines();
        Thread.sleep(5000); // between resyncs
        reconciler.resyncAll(); // and a resync of every workload, which finds nothing to change
        tenantsResync.resyncAll();
        Thread.sleep(5000);
        var sent = cluster.requestsByVerb(
                dev.gpuportal.testsupport.kubernetes.SimulatedCluster.PORTAL_USER, mark, WORKLOAD_RESOURCES);

        assertThat(sent)
                .as("requests on workload objects by verb, idle and on a resync")
                .doesNotContainKeys("GET", "LIST", "PATCH", "UPDATE", "CREATE", "DELETE");
    }

    private List<Pod> scheduled(String namespace) {
        return admin.pods().inNamespace(namespace).list().getItems().stream()
                .filter(p -> p.getSpec().getNodeName() != null)
                .toList();
    }

    private String regionOf(String node) {
        return admin.nodes().withName(node).get().getMetadata().getLabels().get(REGION);
    }

    private void tenant(String slug, String region) {
        AsPlatformAdmin.run(() -> {
            tenants.create(new TenantDraft(slug, slug, null, IsolationTier.SHARED, List.of(region)), List.of("sim"));
            memberships.grant(slug, SubjectType.GROUP, slug + "-team", TenantRole.MEMBER);
            quotas.update(slug, QuotaService.NO_QUOTA_YET, new QuotaDraft("4", Map.of(), "64", "256Gi", "1Ti", "20"));
        });
        tenantReconciler.reconcile(slug);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> admin.resourceQuotas()
                                .inNamespace(slug)
                                .withName("gpu-portal-quota")
                                .get()
                                .getStatus()
                        != null);
    }
}
