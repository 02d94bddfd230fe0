package dev.gpuportal.cluster.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gpuportal.audit.AuditAction;
import dev.gpuportal.audit.AuditEvent;
import dev.gpuportal.audit.AuditFilter;
import dev.gpuportal.audit.AuditLog;
import dev.gpuportal.cluster.tenants.TenantReconciler;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaExceededException;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.quota.SharingDraft;
import dev.gpuportal.security.Authorities;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.testsupport.kubernetes.KueueClusterSpringTest;
import dev.gpuportal.testsupport.kubernetes.SimulatedCluster;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadForm;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadView;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * GPU sharing on a real Kueue and a real scheduler: one tenant's idle GPUs run another tenant's training jobs and are
 * given back by preemption when the owner needs them; notebooks never borrow and are never preempted; waiting jobs
 * know their place in the queue.
 */
class GpuSharingIT extends KueueClusterSpringTest {

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

    @Autowired
    AuditLog audit;

    final KubernetesClient admin = cluster.admin();

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    /**
     * The demo tenants of this context are placed on the same cluster and so are in the cohort: they lend nothing
     * here, so that what a test tenant borrows can only come from the other test tenants.
     */
    @BeforeEach
    void demoTenantsLendNothing() {
        AsPlatformAdmin.run(() -> {
            for (String demo : List.of("nlp", "recsys")) {
                if (tenants.findForInternalUse(demo).isPresent()
                        && !"0".equals(quotas.sharingOf(demo).draft().lendingLimit())) {
                    quotas.updateSharing(demo, quotas.sharingOf(demo).version(), new SharingDraft("", "0"));
                    tenantReconciler.reconcile(demo);
                }
            }
        });
    }

    @Test
    void idleGpusOfOneTenantRunAnothersJobsAndAreReclaimedByPreemption() {
        tenant("share-a", "4");
        tenant("share-b", "4");

        signIn("bea", "share-b-team");
        List<Long> bJobs = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            bJobs.add(workloads.submit(job("share-b", "b-train-" + i)).id());
        }
        // 4 on its own quota, 4 borrowed from share-a's idle GPUs
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(runningJobPods("share-b")).hasSize(8));
        await().atMost(Duration.ofSeconds(30)).until(() -> borrowed("share-b") == 4); // Kueue reports it a little later

        signIn("al", "share-a-team");
        List<Long> aJobs = List.of(
                workloads.submit(job("share-a", "a-train-1")).id(),
                workloads.submit(job("share-a", "a-train-2")).id());

        // Kueue takes exactly two GPUs back from share-b's borrowed jobs, and share-a's jobs run on them
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(runningJobPods("share-a")).hasSize(2));
        List<Job> suspended = admin.batch().v1().jobs().inNamespace("share-b").list().getItems().stream()
                .filter(j -> Boolean.TRUE.equals(j.getSpec().getSuspend()))
                .toList();
        assertThat(suspended).hasSize(2);
        assertThat(runningJobPods("share-b")).hasSize(6);
        long preempted =
                Long.parseLong(suspended.getFirst().getMetadata().getLabels().get("gpu-portal.dev/workload-id"));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(AsPlatformAdmin.call(() -> workloads.get(preempted)))
                        .satisfies(w -> assertThat(w.phase()).isEqualTo(ObservedPhase.PENDING))
                        .satisfies(w -> assertThat(w.reason())
                                .startsWith("Preempted: tenant share-a took back its guaranteed GPUs. It resumes by"
                                        + " itself when GPUs are free")));

        // the audit log says which jobs were preempted and who reclaimed the GPUs, once per preemption
        List<String> preemptedJobs = suspended.stream()
                .map(j -> "share-b/" + j.getMetadata().getName())
                .sorted()
                .toList();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(audited("share-b", AuditAction.PREEMPT))
                        .extracting(AuditEvent::getEntityKey)
                        .containsExactlyInAnyOrderElementsOf(preemptedJobs));
        assertThat(audited("share-b", AuditAction.PREEMPT)).allSatisfy(e -> {
            assertThat(e.getActor()).isEqualTo("kueue");
            assertThat(e.getAfterState())
                    .contains("\"reclaimedBy\":\"gpu-portal-share-a\"", "\"reclaimingTenant\":\"share-a\"")
                    .contains("reclamation within the cohort");
        });

        // nothing is lost: the preempted jobs are requeued, run again when GPUs are free, and every job finishes
        List<Long> all = new ArrayList<>(bJobs);
        all.addAll(aJobs);
        await().atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() ->
                        assertThat(all).allSatisfy(id -> assertThat(phaseOf(id)).isEqualTo(ObservedPhase.SUCCEEDED)));
        // their second admission is in the audit log too, and each event only once however often it was read
        assertThat(audited("share-b", AuditAction.READMIT))
                .extracting(AuditEvent::getEntityKey)
                .containsExactlyInAnyOrderElementsOf(preemptedJobs);
        assertThat(audited("share-b", AuditAction.PREEMPT)).hasSize(2);
        assertThat(audited("share-a", AuditAction.PREEMPT)).isEmpty();
    }

    private List<AuditEvent> audited(String tenant, AuditAction action) {
        return AsPlatformAdmin.call(
                () -> audit.list(new AuditFilter(null, tenant, "workload", action, null, null, null), 100));
    }

    @Test
    void whileKueueIsDownAJobWaitsForTheQueueManagerAndRunsOnceKueueIsBack() throws Exception {
        tenant("share-e", "1");
        AsPlatformAdmin.run(() ->
                quotas.updateSharing("share-e", quotas.sharingOf("share-e").version(), new SharingDraft("0", "0")));
        tenantReconciler.reconcile("share-e");
        signIn("eve", "share-e-team");

        long id;
        try (AutoCloseable kueueDown = cluster.stop("kueue")) {
            id = workloads.submit(job("share-e", "e-train")).id(); // accepted by the portal
            // Kueue's webhooks fail closed, so the API server refuses the Job: shown as waiting, in plain words
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(AsPlatformAdmin.call(() -> workloads.get(id)))
                            .satisfies(w -> assertThat(w.phase()).isEqualTo(ObservedPhase.PENDING))
                            .satisfies(w -> assertThat(w.reason())
                                    .startsWith("Waiting for the queue manager: Kueue does not answer right now")));
            // and it stays so, retried meanwhile, never marked failed
            int mark = cluster.auditLogLines();
            Thread.sleep(8000);
            assertThat(cluster.requestsByVerb(SimulatedCluster.PORTAL_USER, mark, Set.of("jobs")))
                    .as("the Job is sent again while Kueue is down")
                    .containsKey("PATCH");
            assertThat(phaseOf(id)).isEqualTo(ObservedPhase.PENDING);
            assertThat(reasonOf(id)).startsWith("Waiting for the queue manager");
            assertThat(admin.batch().v1().jobs().inNamespace("share-e").list().getItems())
                    .isEmpty();
        }
        // Kueue is back: the Job is created on the next try, admitted, and runs
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(phaseOf(id)).isEqualTo(ObservedPhase.RUNNING));
        assertThat(runningJobPods("share-e")).hasSize(1);
    }

    @Test
    void anIdlePassReadsKueuesObjectsFromItsWatchesNotFromTheApiServer() throws InterruptedException {
        tenant("share-f", "1");
        // it lends nothing, so the other tests' tenants cannot borrow its GPU
        AsPlatformAdmin.run(() ->
                quotas.updateSharing("share-f", quotas.sharingOf("share-f").version(), new SharingDraft("0", "0")));
        await().atMost(Duration.ofSeconds(30)).until(() -> tenantReconciler.reconcile("share-f") == 0);

        int mark = cluster.auditLogLines();
        for (int i = 0; i < 3; i++) {
            assertThat(tenantReconciler.reconcile("share-f")).isZero();
        }
        tenantReconciler.resyncAll(); // and every tenant's pass, which finds nothing to change
        Thread.sleep(3000);
        assertThat(cluster.requestsByVerb(
                        SimulatedCluster.PORTAL_USER,
                        mark,
                        Set.of("cohorts", "resourceflavors", "clusterqueues", "localqueues")))
                .as("requests on Kueue's objects by verb during idle passes")
                .doesNotContainKeys("GET", "LIST", "PATCH", "UPDATE", "CREATE", "DELETE");
    }

    @Test
    void aNotebookNeverBorrowsAndWhatItHoldsIsKeptOutOfTheQueue() {
        tenant("share-d", "2");
        // it neither borrows nor lends, so what runs here does not depend on the other tests' tenants
        AsPlatformAdmin.run(() ->
                quotas.updateSharing("share-d", quotas.sharingOf("share-d").version(), new SharingDraft("0", "0")));
        signIn("dee", "share-d-team");

        // over the guarantee: refused with the numbers, whatever others leave idle
        assertThatThrownBy(() -> workloads.submit(notebook("share-d", "too-big", "3")))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("has 2 GPU of 2 GPU guaranteed (training jobs may borrow above it) left");
        WorkloadView notebook = workloads.submit(notebook("share-d", "lab", "1"));
        await().atMost(Duration.ofSeconds(60)).until(() -> phaseOf(notebook.id()) == ObservedPhase.RUNNING);
        String notebookPod = notebookPod("share-d");
        // Kueue is not asked for the notebook's GPU: the tenant's queue keeps 1 of its 2 GPUs
        await().atMost(Duration.ofSeconds(30)).until(() -> nominal("share-d") == 1);

        List<Long> jobs = List.of(
                workloads.submit(job("share-d", "d-train-1")).id(),
                workloads.submit(job("share-d", "d-train-2")).id());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> runningJobPods("share-d").size() == 1);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(reasonOf(jobs.get(1))).startsWith("Waiting in the queue: position 1 of 1"));
        assertThat(notebookPod("share-d")).isEqualTo(notebookPod);
        assertThat(phaseOf(notebook.id())).isEqualTo(ObservedPhase.RUNNING);
    }

    private long nominal(String slug) {
        var queue = admin.genericKubernetesResources("kueue.x-k8s.io/v1beta2", "ClusterQueue")
                .withName("gpu-portal-" + slug)
                .get();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>)
                ((Map<String, Object>) queue.getAdditionalProperties().get("spec")).get("resourceGroups");
        long nominal = 0;
        for (Map<String, Object> group : groups) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> flavors = (List<Map<String, Object>>) group.get("flavors");
            for (Map<String, Object> flavor : flavors) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> resources = (List<Map<String, Object>>) flavor.get("resources");
                for (Map<String, Object> r : resources) {
                    if ("nvidia.com/gpu".equals(r.get("name"))) {
                        nominal += Long.parseLong(String.valueOf(r.get("nominalQuota")));
                    }
                }
            }
        }
        return nominal;
    }

    @Test
    void waitingJobsKnowTheirPlaceInKueuesOrder() throws InterruptedException {
        tenant("share-c", "1");
        AsPlatformAdmin.run(() ->
                quotas.updateSharing("share-c", quotas.sharingOf("share-c").version(), new SharingDraft("0", "0")));
        tenantReconciler.reconcile("share-c");

        signIn("cy", "share-c-team");
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            ids.add(workloads.submit(job("share-c", "c-train-" + i)).id());
            Thread.sleep(1100); // Kueue orders equal priorities by creation time, which the API server keeps in seconds
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(phaseOf(ids.get(0))).isEqualTo(ObservedPhase.RUNNING);
            for (int i = 1; i <= 3; i++) {
                assertThat(reasonOf(ids.get(i)))
                        .startsWith("Waiting in the queue: position " + i + " of 3 in the queue. Every"
                                + " nvidia.com/gpu the tenant may use now is taken");
            }
        });
    }

    private void tenant(String slug, String gpus) {
        AsPlatformAdmin.run(() -> {
            tenants.create(new TenantDraft(slug, slug, null, IsolationTier.SHARED, List.of()), List.of("kueue-sim"));
            memberships.grant(slug, SubjectType.GROUP, slug + "-team", TenantRole.MEMBER);
            quotas.update(
                    slug, QuotaService.NO_QUOTA_YET, new QuotaDraft(gpus, Map.of(), "200", "800Gi", "10Ti", "50", ""));
        });
        tenantReconciler.reconcile(slug);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            tenantReconciler.reconcile(slug);
            return admin.genericKubernetesResources("kueue.x-k8s.io/v1beta2", "LocalQueue")
                            .inNamespace(slug)
                            .withName(slug)
                            .get()
                    != null;
        });
    }

    private long borrowed(String slug) {
        var queue = admin.genericKubernetesResources("kueue.x-k8s.io/v1beta2", "ClusterQueue")
                .withName("gpu-portal-" + slug)
                .get();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> flavors = (List<Map<String, Object>>)
                ((Map<String, Object>) queue.getAdditionalProperties().get("status")).get("flavorsUsage");
        long borrowed = 0;
        for (Map<String, Object> flavor : flavors) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> resources = (List<Map<String, Object>>) flavor.get("resources");
            for (Map<String, Object> r : resources) {
                if ("nvidia.com/gpu".equals(r.get("name")) && r.get("borrowed") != null) {
                    borrowed += Long.parseLong(String.valueOf(r.get("borrowed")));
                }
            }
        }
        return borrowed;
    }

    private List<Pod> runningJobPods(String ns) {
        return admin.pods().inNamespace(ns).withLabel("job-name").list().getItems().stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase())
                        && p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    private String notebookPod(String ns) {
        return admin.pods().inNamespace(ns).withLabel("gpu-portal.dev/kind", "notebook").list().getItems().stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase()))
                .map(p -> p.getMetadata().getUid())
                .findFirst()
                .orElse("none");
    }

    private ObservedPhase phaseOf(long id) {
        return AsPlatformAdmin.call(() -> workloads.get(id).phase());
    }

    private String reasonOf(long id) {
        return AsPlatformAdmin.call(() -> workloads.get(id).reason());
    }

    static WorkloadForm.Training job(String tenant, String name) {
        return new WorkloadForm.Training(
                tenant,
                name,
                "nvcr.io/nvidia/pytorch:26.10-py3",
                List.of("python", "train.py"),
                List.of(),
                List.of(),
                "2",
                "8Gi",
                "h100-80gb",
                "1",
                "1",
                "0",
                "2h",
                "1Gi");
    }

    static WorkloadForm.Notebook notebook(String tenant, String name, String gpus) {
        return new WorkloadForm.Notebook(
                tenant, name, "quay.io/jupyter/scipy-notebook:2026-11-02", "1", "4Gi", "h100-80gb", gpus, "10Gi");
    }

    static void signIn(String user, String... groups) {
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        user, null, Authorities.of(Set.of(groups), false)));
    }
}
