package dev.gpuportal.cluster.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gpuportal.audit.AuditAction;
import dev.gpuportal.audit.AuditEvent;
import dev.gpuportal.audit.AuditFilter;
import dev.gpuportal.audit.AuditLog;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.cluster.tenants.TenantReconciler;
import dev.gpuportal.gpu.GpuAmount;
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
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * GPU sharing on a real Kueue and a real scheduler: one tenant's idle GPUs run another tenant's training jobs and are
 * given back by preemption when the owner needs them; notebooks never borrow and are never preempted; waiting jobs
 * know their place in the queue; a multi-worker job is admitted whole or not at all, within one block of the fast
 * interconnect when it asks to be. The gang test runs first, on H100 nodes nothing else holds yet.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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

    /**
     * A notebook (outside the queue) holds 5 of one H100 node's 8 GPUs; a one-worker job of 8 GPUs fills the other
     * node, in the other block. 3 GPUs are free: a 4-worker job on the fast interconnect gets none of them (no pod,
     * its Kueue Workload not admitted). When the 8-GPU job goes, its block has room and all 4 workers run there.
     */
    @Test
    @Order(1)
    void aFourWorkerJobHoldsNoGpuUntilOneBlockHasRoomForAllItsWorkers() {
        tenant("gang", "20");
        AsPlatformAdmin.run(
                () -> quotas.updateSharing("gang", quotas.sharingOf("gang").version(), new SharingDraft("0", "0")));
        tenantReconciler.reconcile("gang");
        signIn("gus", "gang-team");
        List<Long> mine = new ArrayList<>();
        try {
            mine.add(workloads.submit(notebook("gang", "holds-five", "5")).id());
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !notebookPod("gang").equals("none"));
            String notebookBlock =
                    blockOf(podsOf("gang", "gpu-portal.dev/kind", "notebook").getFirst());

            long big =
                    workloads.submit(fastJob("gang", "fills-a-block", "1", "8")).id();
            mine.add(big);
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(runningPodsOfJob("gang", "fills-a-block"))
                            .hasSize(1));
            String freedBlock =
                    blockOf(runningPodsOfJob("gang", "fills-a-block").getFirst());
            assertThat(freedBlock).isNotEqualTo(notebookBlock);

            long gang =
                    workloads.submit(fastJob("gang", "four-workers", "4", "1")).id();
            mine.add(gang);
            // Kueue has looked at it and found no block with room for 4 workers: it holds nothing
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(quotaReserved(kueueWorkloadOf("gang", "four-workers")))
                            .isEqualTo("False"));
            assertThat(status(kueueWorkloadOf("gang", "four-workers"))).doesNotContainKey("admission");
            assertThat(admin.batch()
                            .v1()
                            .jobs()
                            .inNamespace("gang")
                            .withName("four-workers")
                            .get()
                            .getSpec()
                            .getSuspend())
                    .isTrue();
            assertThat(admin.pods()
                            .inNamespace("gang")
                            .withLabel("job-name", "four-workers")
                            .list()
                            .getItems())
                    .isEmpty();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(reasonOf(gang))
                            .startsWith("Waiting in the queue: position 1 of 1 in the queue. No network block has room"
                                    + " for all 4 workers together now")
                            .endsWith("it holds no GPU until one has"));
            assertThat(phaseOf(gang)).isEqualTo(ObservedPhase.PENDING);

            workloads.delete(big);
            mine.remove(Long.valueOf(big));
            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() ->
                            assertThat(runningPodsOfJob("gang", "four-workers")).hasSize(4));
            assertThat(runningPodsOfJob("gang", "four-workers")).allSatisfy(pod -> {
                assertThat(blockOf(pod)).isEqualTo(freedBlock);
                assertThat(pod.getSpec()
                                .getContainers()
                                .getFirst()
                                .getResources()
                                .getRequests())
                        .containsEntry("rdma/ib", new Quantity("1"));
            });
        } finally {
            // the other tests need the H100 nodes empty again
            for (long id : mine) {
                AsPlatformAdmin.run(() -> workloads.delete(id));
            }
            await().atMost(Duration.ofSeconds(90))
                    .until(() ->
                            admin.pods().inNamespace("gang").list().getItems().isEmpty());
        }
    }

    @Test
    void badWorkerCountsAndAFastInterconnectNodesCannotGiveAreRefusedAtTheirField() {
        tenant("gang-bad", "4");
        signIn("gil", "gang-bad-team");

        assertThatThrownBy(() -> workloads.submit(fastJob("gang-bad", "none", "0", "1")))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors()).containsEntry("workers", "Between 1 and 64"));
        assertThatThrownBy(() -> workloads.submit(fastJob("gang-bad", "too-many", "65", "1")))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors()).containsEntry("workers", "Between 1 and 64"));
        // the L4 nodes do not say which block they are in
        WorkloadForm.Training onL4 = fastJob("gang-bad", "on-l4", "2", "1");
        WorkloadForm.Training l4 = new WorkloadForm.Training(
                onL4.tenant(),
                onL4.name(),
                onL4.image(),
                onL4.command(),
                onL4.args(),
                onL4.env(),
                onL4.cpu(),
                onL4.memory(),
                "shared-l4",
                onL4.gpuCount(),
                onL4.workers(),
                onL4.retries(),
                onL4.maxRunTime(),
                onL4.checkpoint(),
                true);
        assertThatThrownBy(() -> workloads.submit(l4))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors())
                                .containsEntry(
                                        "fastInterconnect",
                                        "The NVIDIA-L4 nodes of cluster 'kueue-sim' do not say which network block they are in"
                                                + " (labels gpu-portal.dev/block and gpu-portal.dev/rack): choose another GPU"
                                                + " profile, or leave this off"));
        assertThat(AsPlatformAdmin.call(() -> workloads.listOfTenant("gang-bad")))
                .isEmpty();
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
        // the admin console shows it: share-b borrows four GPUs beside share-a's four guaranteed ones
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var console = AsPlatformAdmin.call(() -> quotas.console("share-", 50));
            assertThat(console.shown()).extracting(u -> u.quota().tenantSlug()).contains("share-a", "share-b");
            var kueue = console.sharing().stream()
                    .filter(c -> c.cluster().equals("kueue-sim"))
                    .findFirst()
                    .orElseThrow();
            assertThat(kueue.active()).isTrue();
            assertThat(kueue.tenants())
                    .filteredOn(t -> t.tenant().equals("share-b"))
                    .singleElement()
                    .satisfies(t -> assertThat(t.borrowed()).isEqualTo(GpuAmount.of(4, 1)));
            assertThat(kueue.tenants())
                    .filteredOn(t -> t.tenant().equals("share-a"))
                    .singleElement()
                    .satisfies(t -> assertThat(t.guaranteed()).isEqualTo(GpuAmount.of(4, 1)));
        });

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
                    .as("the Job is sent again while Kueue is down (a create: it does not exist yet)")
                    .containsKey("CREATE");
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

        // the second job is submitted once the first runs: two submitted at once may be created in the same second,
        // and Kueue, which orders equal priorities by creation time in seconds, may then admit either one first
        long first = workloads.submit(job("share-d", "d-train-1")).id();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> runningJobPods("share-d").size() == 1 && phaseOf(first) == ObservedPhase.RUNNING);
        long second = workloads.submit(job("share-d", "d-train-2")).id();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(reasonOf(second)).startsWith("Waiting in the queue: position 1 of 1"));
        assertThat(runningJobPods("share-d")).hasSize(1);
        assertThat(phaseOf(first)).isEqualTo(ObservedPhase.RUNNING);
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
                "1Gi",
                false);
    }

    /** A training job on H100s whose workers are kept together on the fast interconnect. */
    static WorkloadForm.Training fastJob(String tenant, String name, String workers, String gpusPerWorker) {
        return new WorkloadForm.Training(
                tenant,
                name,
                "nvcr.io/nvidia/pytorch:26.10-py3",
                List.of("torchrun", "train.py"),
                List.of(),
                List.of(),
                "2",
                "8Gi",
                "h100-80gb",
                gpusPerWorker,
                workers,
                "0",
                "2h",
                "1Gi",
                true);
    }

    private List<Pod> podsOf(String ns, String label, String value) {
        return admin.pods().inNamespace(ns).withLabel(label, value).list().getItems().stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase()))
                .toList();
    }

    private List<Pod> runningPodsOfJob(String ns, String job) {
        return podsOf(ns, "job-name", job);
    }

    /** The topology block of the node a pod is bound to. */
    private String blockOf(Pod pod) {
        return admin.nodes()
                .withName(pod.getSpec().getNodeName())
                .get()
                .getMetadata()
                .getLabels()
                .get("gpu-portal.dev/block");
    }

    /** Kueue's Workload for a Job (the Job owns it). */
    private GenericKubernetesResource kueueWorkloadOf(String ns, String job) {
        return admin
                .genericKubernetesResources("kueue.x-k8s.io/v1beta2", "Workload")
                .inNamespace(ns)
                .list()
                .getItems()
                .stream()
                .filter(w -> w.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> o.getKind().equals("Job") && o.getName().equals(job)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Kueue Workload for Job " + job + " yet"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource workload) {
        Object status = workload.getAdditionalProperties().get("status");
        return status == null ? Map.of() : (Map<String, Object>) status;
    }

    @SuppressWarnings("unchecked")
    private static String quotaReserved(GenericKubernetesResource workload) {
        if (!(status(workload).get("conditions") instanceof List<?> conditions)) {
            return "none";
        }
        return conditions.stream()
                .map(c -> (Map<String, Object>) c)
                .filter(c -> "QuotaReserved".equals(c.get("type")))
                .map(c -> String.valueOf(c.get("status")))
                .findFirst()
                .orElse("none");
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
