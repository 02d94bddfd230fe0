package dev.gpuportal.cluster.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gpuportal.cluster.tenants.TenantReconciler;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.quota.SharingDraft;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.testsupport.kubernetes.KueueClusterSpringTest;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Replays one generated arrival trace on the simulated cluster with the real Kueue, through the portal's mapping of
 * tenants to queues: with hard quotas (no tenant borrows), with cohort borrowing as the defaults set it (each may
 * borrow up to its own quota again and lends everything) and with a borrowing limit of all the others' GPUs; it
 * reports for each the mean GPU allocation (fraction of the tenants' GPUs running jobs) and each tenant's mean wait.
 * The jobs go to the tenants' queues directly, each with the run time KWOK plays (gpu-portal.dev/simulated-run-time).
 * Figures go to target/kueue-sharing-benchmark.txt; see e2e/bench/README.md. Run with {@code -Pbenchmarks
 * -Dit.test=KueueSharingBenchmarkIT}.
 */
class KueueSharingBenchmarkIT extends KueueClusterSpringTest {

    static final List<String> TENANTS = List.of("bench-early", "bench-late", "bench-steady", "bench-burst");
    static final int QUOTA = 4; // GPUs guaranteed per tenant: together the simulated cluster's 16 H100s
    static final int CAPACITY = QUOTA * TENANTS.size();
    static final String RUN_LABEL = "gpu-portal.dev/benchmark-run";

    @Autowired
    TenantService tenants;

    @Autowired
    QuotaService quotas;

    @Autowired
    TenantReconciler tenantReconciler;

    final KubernetesClient admin = cluster.admin();

    @Test
    void cohortBorrowingKeepsGpusBusyWithoutMakingAnyTenantWaitLongerForItsShare() throws Exception {
        SharingTrace trace = SharingTrace.generate(
                Long.getLong("benchmark.seed", 15),
                List.of(
                        new SharingTrace.Load("bench-early", 12, 0, 60),
                        new SharingTrace.Load("bench-late", 12, 60, 120),
                        new SharingTrace.Load("bench-steady", 5, 0, 120),
                        new SharingTrace.Load("bench-burst", 7, 30, 90)));
        demoTenantsLendNothing();
        TENANTS.forEach(this::tenant);

        // -Dbenchmark.modes=borrowing,borrow-all for some of them
        List<String> modes = List.of(System.getProperty("benchmark.modes", "hard,borrowing,borrow-all")
                .split(","));
        List<Run> runs = new ArrayList<>();
        if (modes.contains("hard")) {
            runs.add(replay("hard", trace, new SharingDraft("0", "0"), 0));
        }
        if (modes.contains("borrowing")) { // the defaults: may borrow up to its own quota again, lends everything
            runs.add(replay("borrowing", trace, new SharingDraft("", ""), QUOTA));
        }
        if (modes.contains("borrow-all")) { // each may borrow all the others have
            runs.add(replay("borrow-all", trace, new SharingDraft("" + (CAPACITY - QUOTA), ""), CAPACITY - QUOTA));
        }

        String report = report(trace, runs);
        System.out.println(report);
        Files.writeString(Path.of("target/kueue-sharing-benchmark.txt"), report);
        // nothing is lost in any run
        assertThat(runs)
                .allSatisfy(run -> assertThat(run.jobs().values())
                        .allSatisfy(j -> assertThat(j.completedAt).isPositive()));
    }

    /** What one job did in one replay, in milliseconds since the replay started (0: not yet). */
    static final class JobRecord {
        final SharingTrace.Arrival arrival;
        volatile long submittedAt;
        volatile long firstRunningAt;
        volatile long completedAt;

        JobRecord(SharingTrace.Arrival arrival) {
            this.arrival = arrival;
        }

        /** Time not spent in its final, complete run: queueing, and runs lost to preemption. */
        double waitSeconds() {
            return Math.max(0, (completedAt - submittedAt) / 1000.0 - arrival.runSeconds());
        }
    }

    /** GPUs of running pods, of pods Kueue let go that wait for a node, and of all unfinished jobs. */
    record Sample(long at, int runningGpus, int unscheduledGpus, int outstandingGpus) {}

    record Run(String name, Map<String, JobRecord> jobs, List<Sample> samples, long endedAt) {}

    private Run replay(String name, SharingTrace trace, SharingDraft sharing, int borrowing) throws Exception {
        for (String slug : TENANTS) {
            AsPlatformAdmin.run(
                    () -> quotas.updateSharing(slug, quotas.sharingOf(slug).version(), sharing));
            tenantReconciler.reconcile(slug);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            TENANTS.forEach(tenantReconciler::reconcile);
            assertThat(TENANTS)
                    .allSatisfy(slug -> assertThat(borrowingLimit(slug)).isEqualTo(borrowing));
        });

        Map<String, JobRecord> jobs = new ConcurrentHashMap<>();
        trace.arrivals().forEach(a -> jobs.put(name + "-" + a.name(), new JobRecord(a)));
        List<Sample> samples = new ArrayList<>();
        long start = System.currentTimeMillis();
        ScheduledExecutorService submitter = Executors.newSingleThreadScheduledExecutor();
        try {
            for (SharingTrace.Arrival a : trace.arrivals()) {
                submitter.schedule(
                        () -> {
                            jobs.get(name + "-" + a.name()).submittedAt = System.currentTimeMillis() - start;
                            admin.batch().v1().jobs().resource(job(name, a)).create();
                        },
                        (long) (a.atSeconds() * 1000),
                        TimeUnit.MILLISECONDS);
            }
            long deadline = start + Duration.ofMinutes(20).toMillis();
            while (jobs.values().stream().anyMatch(j -> j.completedAt == 0)) {
                assertThat(System.currentTimeMillis())
                        .as("replay %s finished in time", name)
                        .isLessThan(deadline);
                samples.add(sample(name, jobs, System.currentTimeMillis() - start));
                Thread.sleep(1000);
            }
        } finally {
            submitter.shutdownNow();
        }
        long ended = System.currentTimeMillis() - start;
        admin.batch().v1().jobs().inAnyNamespace().withLabel(RUN_LABEL, name).delete();
        await().atMost(Duration.ofMinutes(2))
                .until(() -> admin.pods()
                        .inAnyNamespace()
                        .withLabel(RUN_LABEL, name)
                        .list()
                        .getItems()
                        .isEmpty());
        return new Run(name, jobs, samples, ended);
    }

    /** One look at the cluster: GPUs of running pods, GPUs asked for by jobs not finished; updates the records. */
    private Sample sample(String run, Map<String, JobRecord> jobs, long now) {
        int running = 0;
        int unscheduled = 0;
        for (Pod pod :
                admin.pods().inAnyNamespace().withLabel(RUN_LABEL, run).list().getItems()) {
            if ("Pending".equals(pod.getStatus().getPhase())
                    && pod.getSpec().getNodeName() == null
                    && pod.getMetadata().getDeletionTimestamp() == null) {
                unscheduled += jobs.get(pod.getMetadata().getLabels().get("job-name"))
                        .arrival
                        .gpus();
            }
            if ("Running".equals(pod.getStatus().getPhase())
                    && pod.getMetadata().getDeletionTimestamp() == null) {
                JobRecord record = jobs.get(pod.getMetadata().getLabels().get("job-name"));
                running += record.arrival.gpus();
                if (record.firstRunningAt == 0) {
                    record.firstRunningAt = now;
                }
            }
        }
        for (Job job : admin.batch()
                .v1()
                .jobs()
                .inAnyNamespace()
                .withLabel(RUN_LABEL, run)
                .list()
                .getItems()) {
            JobRecord record = jobs.get(job.getMetadata().getName());
            boolean complete = job.getStatus() != null
                    && job.getStatus().getConditions() != null
                    && job.getStatus().getConditions().stream()
                            .anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()));
            if (complete && record.completedAt == 0) {
                record.completedAt = now;
            }
        }
        int outstanding = jobs.values().stream()
                .filter(j -> j.submittedAt > 0 && j.completedAt == 0)
                .mapToInt(j -> j.arrival.gpus())
                .sum();
        return new Sample(now, running, unscheduled, outstanding);
    }

    private Job job(String run, SharingTrace.Arrival a) {
        Map<String, Quantity> resources = Map.of(
                "cpu", new Quantity("1"), "memory", new Quantity("1Gi"), "nvidia.com/gpu", new Quantity("" + a.gpus()));
        return new JobBuilder()
                .withNewMetadata()
                .withName(run + "-" + a.name()) // a name of its own per replay: the last one's may still be going
                .withNamespace(a.tenant())
                .withLabels(Map.of("kueue.x-k8s.io/queue-name", a.tenant(), RUN_LABEL, run))
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of(RUN_LABEL, run))
                .withAnnotations(Map.of("gpu-portal.dev/simulated-run-time", a.runSeconds() + "s"))
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("train")
                .withImage("nvcr.io/nvidia/pytorch:26.10-py3")
                .withNewResources()
                .withRequests(resources)
                .withLimits(resources)
                .endResources()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    static String report(SharingTrace trace, List<Run> runs) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Kueue sharing benchmark, %s, %d vCPUs: %d jobs over %d tenants (%d GPUs each, %d in all),"
                        + " %,d GPU-seconds asked for within %.0f s%n",
                LocalDate.now(),
                Runtime.getRuntime().availableProcessors(),
                trace.arrivals().size(),
                TENANTS.size(),
                QUOTA,
                CAPACITY,
                trace.gpuSeconds(),
                trace.arrivals().getLast().atSeconds()));
        row(out, "", runs, Run::name);
        row(out, "allocation under load", runs, r -> String.format(Locale.ROOT, "%.2f", allocationUnderLoad(r)));
        row(out, "allocation, whole replay", runs, r -> String.format(Locale.ROOT, "%.2f", allocation(r)));
        row(
                out,
                "admitted, no node, under load",
                runs,
                r -> String.format(Locale.ROOT, "%.2f", unscheduledUnderLoad(r)));
        row(out, "all done after (s)", runs, r -> Long.toString(r.endedAt() / 1000));
        for (String tenant : TENANTS) {
            row(
                    out,
                    "mean wait (s) " + tenant,
                    runs,
                    r -> String.format(Locale.ROOT, "%.1f", meanWait(r, tenant, false)));
            row(
                    out,
                    "  within its guarantee",
                    runs,
                    r -> String.format(Locale.ROOT, "%.1f", meanWait(r, tenant, true)));
        }
        return out.toString();
    }

    private static void row(
            StringBuilder out, String label, List<Run> runs, java.util.function.Function<Run, String> cell) {
        out.append(String.format(Locale.ROOT, "%-28s", label));
        runs.forEach(r -> out.append(String.format(Locale.ROOT, " %12s", cell.apply(r))));
        out.append(System.lineSeparator());
    }

    /** Mean fraction of the GPUs running jobs while jobs asked for at least all of them. */
    static double allocationUnderLoad(Run run) {
        return run.samples().stream()
                .filter(s -> s.outstandingGpus() >= CAPACITY)
                .mapToDouble(s -> (double) s.runningGpus() / CAPACITY)
                .average()
                .orElse(Double.NaN);
    }

    /**
     * Mean fraction of the GPUs asked for by pods Kueue admitted but no node can take yet (no node with that many
     * free GPUs: Kueue admits on quota, not per node), while jobs asked for at least all of them.
     */
    static double unscheduledUnderLoad(Run run) {
        return run.samples().stream()
                .filter(s -> s.outstandingGpus() >= CAPACITY)
                .mapToDouble(s -> (double) s.unscheduledGpus() / CAPACITY)
                .average()
                .orElse(Double.NaN);
    }

    /** Mean fraction of the GPUs running jobs from the first arrival until every job finished. */
    static double allocation(Run run) {
        return run.samples().stream()
                .mapToDouble(s -> (double) s.runningGpus() / CAPACITY)
                .average()
                .orElse(Double.NaN);
    }

    /**
     * A tenant's mean wait; with {@code withinGuarantee} only of the jobs that fitted into its own quota when they
     * arrived (its unfinished jobs then plus this one at most {@link #QUOTA} GPUs).
     */
    static double meanWait(Run run, String tenant, boolean withinGuarantee) {
        List<JobRecord> own = run.jobs().values().stream()
                .filter(j -> j.arrival.tenant().equals(tenant))
                .toList();
        return own.stream()
                .filter(j -> !withinGuarantee
                        || own.stream()
                                                .filter(o -> o != j
                                                        && o.submittedAt <= j.submittedAt
                                                        && o.completedAt > j.submittedAt)
                                                .mapToInt(o -> o.arrival.gpus())
                                                .sum()
                                        + j.arrival.gpus()
                                <= QUOTA)
                .mapToDouble(JobRecord::waitSeconds)
                .average()
                .orElse(Double.NaN);
    }

    private long borrowingLimit(String slug) {
        var queue = admin.genericKubernetesResources("kueue.x-k8s.io/v1beta2", "ClusterQueue")
                .withName("gpu-portal-" + slug)
                .get();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>)
                ((Map<String, Object>) queue.getAdditionalProperties().get("spec")).get("resourceGroups");
        Map<String, Long> limits = new TreeMap<>();
        for (Map<String, Object> group : groups) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> flavors = (List<Map<String, Object>>) group.get("flavors");
            for (Map<String, Object> flavor : flavors) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> resources = (List<Map<String, Object>>) flavor.get("resources");
                for (Map<String, Object> r : resources) {
                    if ("nvidia.com/gpu".equals(r.get("name")) && r.get("borrowingLimit") != null) {
                        limits.merge("gpu", Long.parseLong(String.valueOf(r.get("borrowingLimit"))), Long::sum);
                    }
                }
            }
        }
        return limits.getOrDefault("gpu", -1L);
    }

    private void tenant(String slug) {
        AsPlatformAdmin.run(() -> {
            if (tenants.findForInternalUse(slug).isEmpty()) {
                tenants.create(
                        new TenantDraft(slug, slug, null, IsolationTier.SHARED, List.of()), List.of("kueue-sim"));
                quotas.update(
                        slug,
                        QuotaService.NO_QUOTA_YET,
                        new QuotaDraft("" + QUOTA, Map.of(), "200", "800Gi", "10Ti", "100", ""));
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            tenantReconciler.reconcile(slug);
            return admin.genericKubernetesResources("kueue.x-k8s.io/v1beta2", "LocalQueue")
                            .inNamespace(slug)
                            .withName(slug)
                            .get()
                    != null;
        });
    }

    /** The demo tenants on this cluster lend nothing: the capacity measured is the benchmark tenants' own. */
    private void demoTenantsLendNothing() {
        AsPlatformAdmin.run(() -> {
            for (String demo : List.of("nlp", "recsys")) {
                if (tenants.findForInternalUse(demo).isPresent()) {
                    quotas.updateSharing(demo, quotas.sharingOf(demo).version(), new SharingDraft("0", "0"));
                    tenantReconciler.reconcile(demo);
                }
            }
        });
    }
}
