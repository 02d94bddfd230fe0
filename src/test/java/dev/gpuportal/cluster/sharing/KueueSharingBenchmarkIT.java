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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Replays generated arrival traces (one per seed) on the simulated cluster with the real Kueue, through the portal's
 * mapping of tenants to queues: with hard quotas (no tenant borrows), with cohort borrowing as the defaults set it
 * (each may borrow up to its own quota again and lends everything) and with a borrowing limit of all the others'
 * GPUs. Informers stamp each job's admission and pod spans ({@link SharingTimeline}); from those it reports the GPU
 * allocation under load, where the idle GPUs went, and each tenant's admission waits, within its guarantee apart.
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
        demoTenantsLendNothing();
        TENANTS.forEach(this::tenant);

        // -Dbenchmark.modes=borrowing,borrow-all for some of them; -Dbenchmark.seeds=15,16,17 for several traces
        List<String> modes = List.of(System.getProperty("benchmark.modes", "hard,borrowing,borrow-all")
                .split(","));
        List<Long> seeds = java.util.Arrays.stream(
                        System.getProperty("benchmark.seeds", System.getProperty("benchmark.seed", "15"))
                                .split(","))
                .map(Long::parseLong)
                .toList();
        StringBuilder report = new StringBuilder();
        List<Run> all = new ArrayList<>();
        for (long seed : seeds) {
            SharingTrace trace = trace(seed);
            List<Run> runs = new ArrayList<>();
            if (modes.contains("hard")) {
                runs.add(replay("hard", seed, trace, new SharingDraft("0", "0"), 0));
            }
            if (modes.contains("borrowing")) { // the defaults: may borrow up to its own quota again, lends everything
                runs.add(replay("borrowing", seed, trace, new SharingDraft("", ""), QUOTA));
            }
            if (modes.contains("borrow-all")) { // each may borrow all the others have
                runs.add(replay(
                        "borrow-all", seed, trace, new SharingDraft("" + (CAPACITY - QUOTA), ""), CAPACITY - QUOTA));
            }
            report.append(report(seed, trace, runs)).append(System.lineSeparator());
            System.out.println(report);
            Files.writeString(Path.of("target/kueue-sharing-benchmark.txt"), report);
            all.addAll(runs);
        }
        // nothing is lost in any run
        assertThat(all)
                .allSatisfy(run -> assertThat(run.timeline().allSucceeded())
                        .as("every job of %s succeeded", run.name())
                        .isTrue());
    }

    static SharingTrace trace(long seed) {
        return SharingTrace.generate(
                        seed,
                        List.of(
                                new SharingTrace.Load("bench-early", 12, 0, 60),
                                new SharingTrace.Load("bench-late", 12, 60, 120),
                                new SharingTrace.Load("bench-steady", 5, 0, 120),
                                new SharingTrace.Load("bench-burst", 7, 30, 90)))
                // -Dbenchmark.stretch=2: the same trace half as time-compressed (a second stands for 30 s)
                .stretched(Double.parseDouble(System.getProperty("benchmark.stretch", "1")));
    }

    /** One replay: its mode, the borrowing limit each tenant had, and what the cluster held. */
    record Run(
            String name,
            int borrowing,
            SharingTimeline timeline,
            long endedAt,
            double loadAverage,
            Map<String, Integer> nodeGpus) {

        Map<String, Integer> ceilings() {
            Map<String, Integer> ceilings = new TreeMap<>();
            TENANTS.forEach(t -> ceilings.put(t, QUOTA + borrowing));
            return ceilings;
        }
    }

    private Run replay(String name, long seed, SharingTrace trace, SharingDraft sharing, int borrowing)
            throws Exception {
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

        String run = name + "-s" + seed; // a name of its own per replay: the last one's jobs may still be going
        SharingTimeline timeline = new SharingTimeline();
        long start = System.currentTimeMillis();
        System.out.println("Replay " + run + " starts at " + java.time.Instant.ofEpochMilli(start));
        double loadBefore = loadAverage();
        ScheduledExecutorService submitter = Executors.newSingleThreadScheduledExecutor();
        try (var pods = admin.pods()
                        .inAnyNamespace()
                        .withLabel(RUN_LABEL, run)
                        .inform(SharingTimelineEvents.pods(timeline, start));
                var workloads = admin.genericKubernetesResources(SharingTimelineEvents.WORKLOAD)
                        .inAnyNamespace()
                        .inform(SharingTimelineEvents.workloads(timeline, run + "-", start))) {
            for (SharingTrace.Arrival a : trace.arrivals()) {
                submitter.schedule(
                        () -> {
                            timeline.submitted(
                                    run + "-" + a.name(), a.tenant(), a.gpus(), System.currentTimeMillis() - start);
                            admin.batch().v1().jobs().resource(job(run, a)).create();
                        },
                        (long) (a.atSeconds() * 1000),
                        TimeUnit.MILLISECONDS);
            }
            long deadline = start + Duration.ofMinutes(20).toMillis();
            while (timeline.jobs().size() < trace.arrivals().size() || !timeline.allSucceeded()) {
                assertThat(System.currentTimeMillis())
                        .as("replay %s finished in time", run)
                        .isLessThan(deadline);
                Thread.sleep(500);
            }
        } finally {
            submitter.shutdownNow();
        }
        double load = (loadBefore + loadAverage()) / 2;
        warnings(run);
        // the raw times, and what Kueue and the controller manager logged, for a closer look
        Path raw = Path.of("target/kueue-sharing-benchmark");
        Files.createDirectories(raw);
        Files.writeString(raw.resolve(run + ".csv"), timeline.csv());
        for (String component : List.of("kueue", "kube-controller-manager", "kube-scheduler")) {
            Path log = cluster.kubeconfig().resolveSibling("logs/" + component + ".log");
            if (Files.exists(log)) {
                Files.copy(log, raw.resolve(component + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        admin.batch().v1().jobs().inAnyNamespace().withLabel(RUN_LABEL, run).delete();
        await().atMost(Duration.ofMinutes(2))
                .until(() -> admin.pods()
                        .inAnyNamespace()
                        .withLabel(RUN_LABEL, run)
                        .list()
                        .getItems()
                        .isEmpty());
        return new Run(name, borrowing, timeline, timeline.lastSucceededAt(), load, nodeGpus());
    }

    /** Prints the warnings the cluster recorded about the replay's jobs and pods, counted by source and reason. */
    private void warnings(String run) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String tenant : TENANTS) {
            admin.v1().events().inNamespace(tenant).list().getItems().stream()
                    .filter(e -> "Warning".equals(e.getType()) || "Preempted".equals(e.getReason()))
                    .filter(e -> e.getInvolvedObject().getName() != null
                            && (e.getInvolvedObject().getName().startsWith(run + "-")
                                    || e.getInvolvedObject().getName().startsWith("job-" + run + "-")))
                    .forEach(e -> counts.merge(
                            e.getInvolvedObject().getKind() + " " + e.getReason() + ": "
                                    + String.valueOf(e.getMessage())
                                            .replaceAll("\\(UID: [^)]*\\)", "")
                                            .replaceAll("[0-9]+", "N"),
                            e.getCount() == null ? 1 : e.getCount(),
                            Integer::sum));
        }
        System.out.println("Warnings and preemptions during " + run + ": " + counts);
    }

    /** Whole H100s per node, of the nodes that have them (the GPUs the benchmark's jobs ask for). */
    private Map<String, Integer> nodeGpus() {
        Map<String, Integer> gpus = new TreeMap<>();
        admin.nodes().list().getItems().forEach(node -> {
            Quantity q = node.getStatus().getAllocatable().get("nvidia.com/gpu");
            if (q != null && q.getNumericalAmount().intValue() > 0) {
                gpus.put(node.getMetadata().getName(), q.getNumericalAmount().intValue());
            }
        });
        return gpus;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private Job job(String run, SharingTrace.Arrival a) {
        Map<String, Quantity> resources = Map.of(
                "cpu", new Quantity("1"), "memory", new Quantity("1Gi"), "nvidia.com/gpu", new Quantity("" + a.gpus()));
        return new JobBuilder()
                .withNewMetadata()
                .withName(run + "-" + a.name())
                .withNamespace(a.tenant())
                .withLabels(Map.of("kueue.x-k8s.io/queue-name", a.tenant(), RUN_LABEL, run))
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of(RUN_LABEL, run))
                // as the portal submits a training job where Kueue places GPUs by topology (the H100 pool names its
                // blocks): a flavor placed by topology takes only pods that say how to place them
                .withAnnotations(Map.of(
                        "gpu-portal.dev/simulated-run-time",
                        a.runSeconds() + "s",
                        "kueue.x-k8s.io/podset-unconstrained-topology",
                        "true"))
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

    static String report(long seed, SharingTrace trace, List<Run> runs) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Kueue sharing benchmark, %s, %d vCPUs, seed %d: %d jobs over %d tenants (%d GPUs each, %d in all),"
                        + " %,d GPU-seconds asked for within %.0f s; figures from watch events at %d ms%n",
                LocalDate.now(),
                Runtime.getRuntime().availableProcessors(),
                seed,
                trace.arrivals().size(),
                TENANTS.size(),
                QUOTA,
                CAPACITY,
                trace.gpuSeconds(),
                trace.arrivals().getLast().atSeconds(),
                SharingTimeline.STEP_MS));
        row(out, "", runs, Run::name);
        row(out, "load average", runs, r -> String.format(Locale.ROOT, "%.1f", r.loadAverage()));
        for (boolean admissible : List.of(false, true)) {
            String when = admissible ? "[ask <= ceiling >= 16] " : "[ask >= 16] ";
            java.util.function.Function<Run, SharingTimeline.Breakdown> b =
                    r -> r.timeline().underLoad(CAPACITY, r.nodeGpus(), r.ceilings(), admissible, r.endedAt());
            row(
                    out,
                    when + "seconds",
                    runs,
                    r -> String.format(Locale.ROOT, "%.1f", b.apply(r).underLoadSeconds()));
            shareRow(out, "  allocation", runs, r -> b.apply(r).allocation());
            shareRow(out, "  idle: admitted, not bound", runs, r -> b.apply(r).startLag());
            shareRow(out, "  idle: held after pod end", runs, r -> b.apply(r).releaseLag());
            shareRow(out, "  idle: fits, not admitted", runs, r -> b.apply(r).admissibleWaiting());
            shareRow(
                    out, "  idle: fits, no node has room", runs, r -> b.apply(r).noNode());
            shareRow(out, "  idle: borrowing limit", runs, r -> b.apply(r).capped());
            shareRow(out, "  idle: jobs bigger than free", runs, r -> b.apply(r).tooBig());
        }
        shareRow(out, "allocation, whole replay", runs, r -> r.timeline().allocation(CAPACITY, r.endedAt()));
        row(out, "all done after (s)", runs, r -> String.format(Locale.ROOT, "%.1f", r.endedAt() / 1000.0));
        shareRow(
                out,
                "allocation held by Kueue, ask>=16",
                runs,
                r -> r.timeline().reservedUnderLoad(CAPACITY, r.endedAt()));
        row(out, "preemptions", runs, r -> Integer.toString(r.timeline().evictions()));
        for (String tenant : TENANTS) {
            row(out, "admission wait " + tenant, runs, r -> waits(r.timeline().admissionWaits(tenant, QUOTA, false)));
            row(out, "  within its guarantee", runs, r -> waits(r.timeline().admissionWaits(tenant, QUOTA, true)));
        }
        return out.toString();
    }

    private static String waits(SharingTimeline.Waits w) {
        return String.format(Locale.ROOT, "%.2f/%.2f(%d)", w.mean(), w.max(), w.jobs());
    }

    /** A row of fractions (of the capacity, of the time under load), three decimals each. */
    private static void shareRow(
            StringBuilder out, String label, List<Run> runs, java.util.function.ToDoubleFunction<Run> share) {
        row(out, label, runs, r -> String.format(Locale.ROOT, "%.3f", share.applyAsDouble(r)));
    }

    private static void row(
            StringBuilder out, String label, List<Run> runs, java.util.function.Function<Run, String> cell) {
        out.append(String.format(Locale.ROOT, "%-32s", label));
        runs.forEach(r -> out.append(String.format(Locale.ROOT, " %16s", cell.apply(r))));
        out.append(System.lineSeparator());
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
