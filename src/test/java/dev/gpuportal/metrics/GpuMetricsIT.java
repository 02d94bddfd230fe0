package dev.gpuportal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gpuportal.cluster.tenants.TenantReconciler;
import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.security.Authorities;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.testsupport.kubernetes.SimulatedClusterSpringTest;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadForm;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadView;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
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
 * GPU metrics end to end: workloads on the simulated cluster, the DCGM-exporter stand-in reporting what their pod
 * annotations say, a real kube-state-metrics reporting what their pods request, a real Prometheus scraping both, and
 * the portal's rules reading Prometheus.
 */
class GpuMetricsIT extends SimulatedClusterSpringTest {

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
    GpuUsageService usage;

    @Autowired
    ShowbackService showback;

    @Autowired
    MetricsSettingsService settings;

    @Autowired
    PrometheusClient prometheus;

    final KubernetesClient admin = cluster.admin();

    @BeforeEach
    void prometheusRuns() {
        assertThat(cluster.prometheusUrl())
                .as("Prometheus beside the simulated cluster: apt-get install prometheus")
                .isPresent();
        assertThat(usage.configured()).isTrue();
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void onlyTheIdleNotebookIsFlaggedAndAPageAsksPrometheusOnce() {
        tenant("mx-idle");
        AsPlatformAdmin.run(() -> settings.update(new MetricsSettingsForm("10", "1", Map.of())));
        signIn("iris", "mx-idle-team");
        WorkloadView busy = workloads.submit(notebook("mx-idle", "busy", "mig-1g.10gb"));
        WorkloadView idle = workloads.submit(notebook("mx-idle", "idle", "mig-1g.10gb"));
        running("mx-idle", busy, Map.of("gpu-portal.dev/simulated-gpu-util", "70"));
        running("mx-idle", idle, Map.of("gpu-portal.dev/simulated-gpu-util", "2"));
        Instant annotated = Instant.now();

        List<WorkloadView> page = workloads.listOfTenant("mx-idle");
        await().atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofSeconds(3))
                .until(() -> {
                    prometheus.forget();
                    return usage.idleFlags(page).idle(idle.id());
                });
        assertThat(Duration.between(annotated, Instant.now()))
                .as("flagged only after the idle minute")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(55));
        prometheus.forget();
        long before = prometheus.requestsSent();
        GpuUsageService.IdleFlags flags = usage.idleFlags(page);
        assertThat(prometheus.requestsSent() - before)
                .as("queries for one page")
                .isEqualTo(1);
        assertThat(flags.idle(idle.id())).isTrue();
        assertThat(flags.idle(busy.id())).isFalse();
        usage.idleFlags(page);
        assertThat(prometheus.requestsSent() - before)
                .as("the same page again within seconds: cached")
                .isEqualTo(1);
    }

    @Test
    void aWholeGpuPeakingAtSevenGigabytesIsOfferedASliceAndRestartsOnIt() {
        tenant("mx-size");
        signIn("iris", "mx-size-team");
        WorkloadView big = workloads.submit(notebook("mx-size", "oversized", "h100-80gb"));
        running(
                "mx-size",
                big,
                Map.of("gpu-portal.dev/simulated-gpu-util", "9", "gpu-portal.dev/simulated-gpu-memory", "7GB"));

        await().atMost(Duration.ofSeconds(60))
                .pollInSameThread() // the signed-in user is the test thread's
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    prometheus.forget();
                    WorkloadUsage u = usage.usage(big.id(), UsageWindow.HOUR);
                    // compute is averaged over each 30 s step: wait for a step that saw only the annotated 9 %
                    return u.status() == MetricsStatus.OK
                            && u.peakMemoryBytes() > 6_000_000_000L
                            && u.peakComputePercent() > 8.99;
                });
        prometheus.forget();
        long before = prometheus.requestsSent();
        WorkloadUsage seen = usage.usage(big.id(), UsageWindow.HOUR);
        assertThat(prometheus.requestsSent() - before)
                .as("queries for one workload page")
                .isEqualTo(1);
        assertThat(seen.peakMemoryBytes()).isBetween(6_990_000_000L, 7_010_000_000L);
        assertThat(seen.peakComputePercent()).isCloseTo(9, org.assertj.core.data.Offset.offset(0.01));
        RightSizing.Suggestion suggestion = seen.suggestion().orElseThrow();
        assertThat(suggestion.profile()).isEqualTo("mig-1g.10gb");
        assertThat(suggestion.text())
                .isEqualTo("Peaked at 7.0 GB and 9 % compute on a whole H100: a 1g.10gb slice covers it and frees"
                        + " 6/7 GPU for your team.");

        workloads.restartOn(big.id(), suggestion.profile(), suggestion.units());
        await().atMost(Duration.ofSeconds(90))
                .until(() -> podsOf("mx-size", big.id()).stream()
                        .anyMatch(p -> "Running".equals(p.getStatus().getPhase())
                                && p.getSpec().getNodeName().startsWith("kwok-h100-mig-")
                                && p.getSpec()
                                        .getContainers()
                                        .getFirst()
                                        .getResources()
                                        .getLimits()
                                        .containsKey("nvidia.com/mig-1g.10gb")));
        assertThat(workloads.get(big.id()).gpuProfile()).isEqualTo("mig-1g.10gb");
    }

    @Test
    void aTrainingJobRestartsOnTheSuggestedSliceThroughTheQuotaAndKeepsItsCheckpoints() {
        tenant("mx-train", "1"); // exactly the whole H100 it starts on: the slice fits only with the H100 released
        signIn("iris", "mx-train-team");
        WorkloadView job = workloads.submit(new WorkloadForm.Training(
                "mx-train",
                "finetune",
                "nvcr.io/nvidia/pytorch:26.10-py3",
                List.of("python", "train.py"),
                List.of(),
                List.of(),
                "1",
                "4Gi",
                "h100-80gb",
                "1",
                "1",
                "0",
                "2h",
                "10Gi",
                false));
        running(
                "mx-train",
                job,
                Map.of("gpu-portal.dev/simulated-gpu-util", "9", "gpu-portal.dev/simulated-gpu-memory", "7GB"));
        String checkpoints = admin.persistentVolumeClaims()
                .inNamespace("mx-train")
                .withName("finetune-checkpoints")
                .get()
                .getMetadata()
                .getUid();
        String firstRun = admin.batch()
                .v1()
                .jobs()
                .inNamespace("mx-train")
                .withName("finetune")
                .get()
                .getMetadata()
                .getUid();
        await().atMost(Duration.ofSeconds(40))
                .pollInSameThread()
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    prometheus.forget();
                    return usage.usage(job.id(), UsageWindow.HOUR).suggestion().isPresent();
                });

        WorkloadView moved = usage.restartOnSuggestion(job.id(), UsageWindow.HOUR);

        assertThat(moved.gpuProfile()).isEqualTo("mig-1g.10gb");
        assertThat(quotas.usageOf("mx-train").gpusUsed()).isEqualTo(GpuAmount.of(1, 7));
        await().atMost(Duration.ofSeconds(90))
                .until(() -> podsOf("mx-train", job.id()).stream()
                        .anyMatch(p -> "Running".equals(p.getStatus().getPhase())
                                && p.getSpec().getNodeName().startsWith("kwok-h100-mig-")
                                && p.getSpec()
                                        .getContainers()
                                        .getFirst()
                                        .getResources()
                                        .getLimits()
                                        .containsKey("nvidia.com/mig-1g.10gb")));
        var secondRun = admin.batch()
                .v1()
                .jobs()
                .inNamespace("mx-train")
                .withName("finetune")
                .get();
        assertThat(secondRun.getMetadata().getUid()).as("a new run").isNotEqualTo(firstRun);
        assertThat(secondRun.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v ->
                        assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("finetune-checkpoints"));
        assertThat(admin.persistentVolumeClaims()
                        .inNamespace("mx-train")
                        .withName("finetune-checkpoints")
                        .get()
                        .getMetadata()
                        .getUid())
                .as("the same checkpoint volume")
                .isEqualTo(checkpoints);
        assertThat(podsOf("mx-train", job.id()))
                .as("the earlier run's pod on the whole H100 is gone")
                .noneMatch(p -> p.getSpec()
                        .getContainers()
                        .getFirst()
                        .getResources()
                        .getLimits()
                        .containsKey("nvidia.com/gpu"));
    }

    @Test
    void showbackOfAKnownScenarioMatchesTheHandComputedHours() throws Exception {
        tenant("mx-bill");
        signIn("iris", "mx-bill-team");
        WorkloadView slice = workloads.submit(notebook("mx-bill", "slice", "mig-1g.10gb"));
        WorkloadView whole = workloads.submit(notebook("mx-bill", "whole", "h100-80gb"));
        running("mx-bill", slice, Map.of("gpu-portal.dev/simulated-gpu-util", "50"));
        running("mx-bill", whole, Map.of("gpu-portal.dev/simulated-gpu-util", "9"));
        AsPlatformAdmin.run(
                () -> settings.update(new MetricsSettingsForm("10", "1", Map.of("NVIDIA-H100-80GB-HBM3", "3.60"))));
        // Both ran, at these loads, through the whole window: two minutes after the stand-in reported the loads.
        Thread.sleep(8_000);
        Instant start = Instant.ofEpochSecond(Instant.now().getEpochSecond() / 10 * 10);
        Thread.sleep(Duration.between(Instant.now(), start.plusSeconds(125)));
        prometheus.forget();
        var report =
                AsPlatformAdmin.call(() -> showback.showback(start, start.plusSeconds(120), Duration.ofSeconds(10)));
        assertThat(report.status()).isEqualTo(MetricsStatus.OK);
        var rows =
                report.rows().stream().filter(r -> r.tenant().equals("mx-bill")).toList();
        // 1/7 GPU for 2 minutes = 2/420 = 1/210 GPU-h, used half of it; a whole H100 for 2 minutes = 1/30 GPU-h at 9 %
        assertThat(rows)
                .extracting(Showback.Row::profile, Showback.Row::allocatedHours, Showback.Row::usedHours)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("h100-80gb", GpuAmount.of(1, 30), GpuAmount.of(3, 1000)),
                        org.assertj.core.groups.Tuple.tuple("mig-1g.10gb", GpuAmount.of(1, 210), GpuAmount.of(1, 420)));
        // 3.60 per GPU-hour: 1/30 h of an H100 is 0.12, 1/210 h is 0.017 → 0.02
        assertThat(rows)
                .extracting(Showback.Row::cost)
                .map(c -> c.toPlainString())
                .containsExactlyInAnyOrder("0.12", "0.02");
        assertThat(ShowbackService.csv(report))
                .contains(",mx-bill,h100-80gb,NVIDIA-H100-80GB-HBM3,0.0333,1/30,0.0030,3/1000,0.12");
    }

    @Test
    void allocationComesFromKubeStateMetricsAndNeedsNoDcgmSeries() throws Exception {
        tenant("mx-ksm");
        signIn("iris", "mx-ksm-team");
        WorkloadView unreported = workloads.submit(notebook("mx-ksm", "unreported", "mig-1g.10gb"));
        running("mx-ksm", unreported, Map.of("gpu-portal.dev/simulated-gpu-unreported", "true"));
        // the stand-in drops the pod at its next scrape; Prometheus marks its DCGM series stale then
        Thread.sleep(8_000);
        Instant start = Instant.ofEpochSecond(Instant.now().getEpochSecond() / 10 * 10);
        Thread.sleep(Duration.between(Instant.now(), start.plusSeconds(65)));
        Instant end = start.plusSeconds(60);
        prometheus.forget();
        assertThat(prometheus.range(
                        Queries.COMPUTE + "{namespace=\"mx-ksm\"}", start.plusSeconds(10), end, Duration.ofSeconds(10)))
                .as("DCGM reports nothing for the tenant in the window")
                .isEmpty();
        assertThat(prometheus.range(
                        Queries.REQUESTS + "{namespace=\"mx-ksm\",resource=\"nvidia_com_mig_1g_10gb\"}",
                        start.plusSeconds(10),
                        end,
                        Duration.ofSeconds(10)))
                .as("kube-state-metrics reports the pod's request")
                .isNotEmpty();

        var report = AsPlatformAdmin.call(() -> showback.showback(start, end, Duration.ofSeconds(10)));
        // 1/7 GPU for one minute = 1/420 GPU-h allocated, none of it seen in use
        assertThat(report.rows())
                .filteredOn(r -> r.tenant().equals("mx-ksm"))
                .extracting(Showback.Row::profile, Showback.Row::allocatedHours, Showback.Row::usedHours)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("mig-1g.10gb", GpuAmount.of(1, 420), GpuAmount.ZERO));

        TenantUsage chart = showback.tenantUsage("mx-ksm", UsageWindow.HOUR);
        assertThat(chart.status()).isEqualTo(MetricsStatus.OK);
        assertThat(chart.points().getLast().allocatedGpus())
                .isCloseTo(1.0 / 7, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(chart.points().getLast().usedGpus()).isZero();
        assertThat(chart.quotaGpus()).isEqualTo(3.0);
    }

    @Test
    void aHungPrometheusGivesMetricsUnavailableWithinTheTimeout() throws Exception {
        tenant("mx-down");
        signIn("iris", "mx-down-team");
        WorkloadView nb = workloads.submit(notebook("mx-down", "waiting", "mig-1g.10gb"));
        running("mx-down", nb, Map.of());
        prometheus.forget();
        try (AutoCloseable frozen = cluster.freeze("prometheus")) {
            long started = System.nanoTime();
            WorkloadUsage u = usage.usage(nb.id(), UsageWindow.DAY);
            GpuUsageService.IdleFlags flags = usage.idleFlags(workloads.listOfTenant("mx-down"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(u.status()).isEqualTo(MetricsStatus.UNAVAILABLE);
            assertThat(u.message()).startsWith("Metrics unavailable: Prometheus did not answer within 2000 ms");
            assertThat(flags.status()).isEqualTo(MetricsStatus.UNAVAILABLE);
            assertThat(millis)
                    .as("two page parts, each waits at most the 2 s timeout")
                    .isLessThan(5_000);

            // what is allocated is what the cluster says the pods request: it needs no DCGM series
            ShowbackService.Fleet fleet = AsPlatformAdmin.call(showback::fleet);
            assertThat(fleet.status()).isEqualTo(MetricsStatus.UNAVAILABLE);
            assertThat(fleet.rows())
                    .filteredOn(r -> r.cluster().equals("sim") && r.gpuModel().equals("NVIDIA-H100-80GB-HBM3"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.allocated()).isGreaterThanOrEqualTo(GpuAmount.of(1, 7)));
        }
    }

    private void running(String ns, WorkloadView w, Map<String, String> annotations) {
        await().atMost(Duration.ofSeconds(90))
                .until(() -> AsPlatformAdmin.call(() -> workloads.get(w.id()).phase()) == ObservedPhase.RUNNING);
        for (Pod pod : podsOf(ns, w.id())) {
            if (!annotations.isEmpty()) {
                admin.pods()
                        .inNamespace(ns)
                        .withName(pod.getMetadata().getName())
                        .edit(p -> {
                            Map<String, String> merged = new java.util.HashMap<>(annotations);
                            if (p.getMetadata().getAnnotations() != null) {
                                p.getMetadata().getAnnotations().forEach(merged::putIfAbsent);
                            }
                            p.getMetadata().setAnnotations(merged);
                            return p;
                        });
            }
        }
    }

    private List<Pod> podsOf(String ns, long id) {
        return admin
                .pods()
                .inNamespace(ns)
                .withLabel("gpu-portal.dev/workload-id", Long.toString(id))
                .list()
                .getItems()
                .stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    static WorkloadForm.Notebook notebook(String tenant, String name, String profile) {
        return new WorkloadForm.Notebook(
                tenant, name, "quay.io/jupyter/scipy-notebook:2026-11-02", "1", "4Gi", profile, "1", "10Gi");
    }

    private void tenant(String slug) {
        tenant(slug, "3");
    }

    private void tenant(String slug, String gpus) {
        AsPlatformAdmin.run(() -> {
            tenants.create(new TenantDraft(slug, slug, null, IsolationTier.SHARED, List.of()), List.of("sim"));
            memberships.grant(slug, SubjectType.GROUP, slug + "-team", TenantRole.MEMBER);
            quotas.update(
                    slug, QuotaService.NO_QUOTA_YET, new QuotaDraft(gpus, Map.of(), "200", "800Gi", "10Ti", "50", ""));
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

    static void signIn(String user, String... groups) {
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        user, null, Authorities.of(Set.of(groups), false)));
    }
}
