package dev.gpuportal.cluster.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.cluster.registry.ManagedKinds;
import dev.gpuportal.cluster.registry.OwnedLabels;
import dev.gpuportal.cluster.tenants.TenantReconciler;
import dev.gpuportal.quota.QuotaConsole;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.testsupport.kubernetes.ApiServerLatency;
import dev.gpuportal.testsupport.kubernetes.ApiServerRequests;
import dev.gpuportal.testsupport.kubernetes.CpuSpeedProbe;
import dev.gpuportal.testsupport.kubernetes.MachineSettling;
import dev.gpuportal.testsupport.kubernetes.ProcessCpu;
import dev.gpuportal.testsupport.kubernetes.SimulatedClusterSpringTest;
import dev.gpuportal.workload.WorkloadQuery;
import dev.gpuportal.workload.WorkloadService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.PageRequest;

/**
 * The issue's scale run at a size this machine affords: a generated fleet of KWOK GPU nodes in several pools and
 * regions, tenants with region placements, training jobs submitted through {@code POST /api/v1/workloads} by 16
 * clients at once, against the same PVCs and Jobs created with the raw API by 16 clients. Prints throughput and
 * latency, convergence, idle GET/LIST on workload kinds (from the API server's metrics), the server-side time of the
 * workload list and of the REST list, RSS and heap, pods Running and Pending, and pods outside their tenant's
 * regions. Sizes: {@code -Dbenchmark.nodes} (1,000), {@code -Dbenchmark.workloads} (1,000: how many the portal holds
 * in the end), {@code -Dbenchmark.burst} (the last of them, at most 2,000, compared side by side with the raw API; the
 * others are submitted first as the standing load), {@code -Dbenchmark.tenants} (10), {@code -Dbenchmark.provisioned}
 * (0: tenants provisioned at once at the end); the cluster needs a volume per claim: {@code
 * GPU_PORTAL_SIMULATED_VOLUMES}.
 */
// one replica: leadership is not what is measured, and on a machine this loaded a missed lease renewal would pause
// the reconcilers in the middle of a measurement
@org.springframework.test.context.TestPropertySource(properties = "gpu-portal.leader-election.enabled=false")
class FleetScaleBenchmarkIT extends SimulatedClusterSpringTest {

    static final int NODES = Integer.getInteger("benchmark.nodes", 1000);
    static final int WORKLOADS = Integer.getInteger("benchmark.workloads", 1000);
    static final int TENANTS = Integer.getInteger("benchmark.tenants", 10);
    static final int BURST = Integer.getInteger("benchmark.burst", Math.min(2000, WORKLOADS));

    /** Longest wait before each burst for the machine to settle from what came before it. */
    static final Duration SETTLE_AT_MOST = Duration.ofSeconds(180);

    static final int PROVISIONED = Integer.getInteger("benchmark.provisioned", 0);
    static final int CLIENTS = 16;

    /** A pool of the generated fleet: its share of the nodes, its region and what each node advertises. */
    record Pool(String name, int percent, String region, String product, String mig, Map<String, String> gpus) {}

    static final List<Pool> POOLS = List.of(
            new Pool("h100-eu", 30, "eu-central", "NVIDIA-H100-80GB-HBM3", "single", Map.of("nvidia.com/gpu", "8")),
            new Pool(
                    "mig-eu",
                    20,
                    "eu-central",
                    "NVIDIA-H100-80GB-HBM3",
                    "mixed",
                    Map.of("nvidia.com/mig-1g.10gb", "14", "nvidia.com/mig-3g.40gb", "4")),
            new Pool("h100-us", 20, "us-east", "NVIDIA-H100-80GB-HBM3", "single", Map.of("nvidia.com/gpu", "8")),
            new Pool("l4-us", 20, "us-east", "NVIDIA-L4", "none", Map.of("nvidia.com/gpu.shared", "16")),
            new Pool(
                    "mig-ap",
                    10,
                    "ap-south",
                    "NVIDIA-H100-80GB-HBM3",
                    "mixed",
                    Map.of("nvidia.com/mig-1g.10gb", "14", "nvidia.com/mig-3g.40gb", "4")));

    /** Tenants' allowed regions, in turn. */
    static final List<List<String>> REGIONS =
            List.of(List.of("eu-central"), List.of("us-east"), List.of("eu-central", "us-east"), List.of("ap-south"));

    /** The GPU profile of each job, in turn, by region (each must exist in the tenant's regions). */
    static final Map<String, List<String>> PROFILES = Map.of(
            "eu-central", List.of("mig-1g.10gb", "h100-80gb", "mig-3g.40gb", ""),
            "us-east", List.of("h100-80gb", "shared-l4", ""),
            "ap-south", List.of("mig-1g.10gb", "mig-3g.40gb", ""));

    /** What a burst makes the API server do: the jobs and claims written, their pods, their quotas' usage. */
    static final java.util.Set<String> LATENCY_RESOURCES =
            java.util.Set.of("jobs", "persistentvolumeclaims", "pods", "resourcequotas");

    static final java.util.Set<String> WORKLOAD_RESOURCES = java.util.Set.of(
            "statefulsets",
            "deployments",
            "jobs",
            "horizontalpodautoscalers",
            "services",
            "persistentvolumeclaims",
            "secrets",
            "pods");

    @Autowired
    TenantService tenants;

    @Autowired
    dev.gpuportal.cluster.registry.ClusterRegistry clusterRegistry;

    @Autowired
    QuotaService quotas;

    @Autowired
    TenantReconciler tenantReconciler;

    @Autowired
    WorkloadReconciler workloadReconciler;

    @Autowired
    WorkloadService workloads;

    @Autowired
    dev.gpuportal.tenancy.ClusterDirectory clusterDirectory;

    @LocalServerPort
    int port;

    final KubernetesClient admin = cluster.admin();
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final Map<String, String> report = new LinkedHashMap<>();

    @Test
    void aFleetOfGpuNodesTenantsAndABurstOfTrainingJobsThroughTheApiAndTheRawApi() throws Exception {
        long t0 = System.nanoTime();
        double quietProbe = CpuSpeedProbe.once(); // before the fleet, the portal's work and the bursts
        createFleet();
        Awaitility.await()
                .atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> readyNodes() >= NODES);
        report.put(
                "fleet",
                NODES + " KWOK GPU nodes Ready in " + seconds(System.nanoTime() - t0) + " s, pools "
                        + POOLS.stream().map(p -> p.name() + "@" + p.region()).toList());

        flush();
        if (PROVISIONED > 0) {
            provisionTenants();
            flush();
        }
        List<String> slugs =
                IntStream.range(0, TENANTS).mapToObj(t -> "fleet-" + t).toList();
        long tenantsStart = System.nanoTime();
        for (int t = 0; t < TENANTS; t++) {
            tenant(slugs.get(t), REGIONS.get(t % REGIONS.size()));
        }
        slugs.forEach(tenantReconciler::reconcile);
        Awaitility.await()
                .atMost(Duration.ofMinutes(5))
                .until(() -> slugs.stream()
                        .allMatch(s -> admin.resourceQuotas()
                                        .inNamespace(s)
                                        .withName("gpu-portal-quota")
                                        .get()
                                != null));
        report.put("tenants", TENANTS + " provisioned in " + seconds(System.nanoTime() - tenantsStart) + " s");
        List<String> rawNamespaces =
                IntStream.range(0, TENANTS).mapToObj(t -> "fleet-raw-" + t).toList();
        rawNamespaces.forEach(ns -> admin.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .endMetadata()
                        .build())
                .create());
        // the same admission work as the portal's namespaces: the API server updates a namespace's quota usage on
        // every create there, and creates in one namespace contend on it
        for (int t = 0; t < TENANTS; t++) {
            var quota = admin.resourceQuotas()
                    .inNamespace(slugs.get(t))
                    .withName("gpu-portal-quota")
                    .get();
            admin.resourceQuotas()
                    .inNamespace(rawNamespaces.get(t))
                    .resource(new io.fabric8.kubernetes.api.model.ResourceQuotaBuilder()
                            .withNewMetadata()
                            .withName("bench-quota")
                            .endMetadata()
                            .withSpec(quota.getSpec())
                            .build())
                    .create();
        }

        String token = adminToken();
        if (WORKLOADS > BURST) {
            // the standing load: every workload but the burst, through the REST API, before the burst is measured
            long[] fillLatency = new long[WORKLOADS - BURST];
            ObjectArrivals fillArrivals = new ObjectArrivals(admin, slugs);
            long fillStart = System.nanoTime();
            String fillLoad = loadAverage();
            long fillSubmitted = concurrently(BURST, WORKLOADS, i -> {
                String body = trainingJson(slugs.get(i % TENANTS), "job-" + i, profileOf(i));
                while (true) {
                    long start = System.nanoTime();
                    HttpResponse<String> response = post("/api/v1/workloads", token, body);
                    fillLatency[i - BURST] = System.nanoTime() - start;
                    if (response.statusCode() != 503 && response.statusCode() != 429) {
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                        return;
                    }
                    sleep(Duration.ofSeconds(Long.parseLong(
                            response.headers().firstValue("Retry-After").orElse("1"))));
                }
            });
            long fillConverged = arrivedAfter(fillArrivals, WORKLOADS - BURST, fillStart);
            report.put(
                    "standing load (REST, before the burst)",
                    String.format(
                            "%d jobs: %.1f submissions/s, p50 %.0f ms, p99 %.0f ms, all objects exist %d s;"
                                    + " load average %s → %s",
                            WORKLOADS - BURST,
                            (WORKLOADS - BURST) / (fillSubmitted / 1e9),
                            ms(percentile(fillLatency, 50)),
                            ms(percentile(fillLatency, 99)),
                            seconds(fillConverged),
                            fillLoad,
                            loadAverage()));
        }
        flush();
        var portalSettled = MachineSettling.await(SETTLE_AT_MOST);
        String burstLoad = loadAverage();
        long[] portalLatency = new long[BURST];
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger retries = new AtomicInteger();
        var portalCpu = ProcessCpu.read();
        var portalSpeed = CpuSpeedProbe.start();
        var portalApi = ApiServerLatency.read(admin, LATENCY_RESOURCES);
        ObjectArrivals portalArrivals = new ObjectArrivals(admin, slugs);
        long portalStart = System.nanoTime();
        java.time.Instant portalFrom = java.time.Instant.now();
        long portalSubmitted = concurrently(0, BURST, i -> {
            String body = trainingJson(slugs.get(i % TENANTS), "job-" + i, profileOf(i));
            while (true) {
                long start = System.nanoTime();
                HttpResponse<String> response = post("/api/v1/workloads", token, body);
                portalLatency[i] = System.nanoTime() - start;
                statuses.computeIfAbsent(response.statusCode(), k -> new AtomicInteger())
                        .incrementAndGet();
                if (response.statusCode() != 503 && response.statusCode() != 429) {
                    return;
                }
                retries.incrementAndGet();
                sleep(Duration.ofSeconds(Long.parseLong(
                        response.headers().firstValue("Retry-After").orElse("1"))));
            }
        });
        long portalConverged = arrivedAfter(portalArrivals, BURST, portalStart);
        java.time.Instant portalUntil = java.time.Instant.now();
        String portalCpuSpent = ProcessCpu.read().since(portalCpu) + "; " + portalSpeed.against(quietProbe);
        String portalApiSpent = ApiServerLatency.read(admin, LATENCY_RESOURCES).since(portalApi);
        awaitObjects(slugs, WORKLOADS); // and every object is there, also the standing load's

        List<HasMetadata>[] rawObjects = rawObjects(slugs, rawNamespaces);
        var rawSettled = MachineSettling.await(SETTLE_AT_MOST);
        long[] rawLatency = new long[BURST];
        AtomicInteger rawRetries = new AtomicInteger();
        var rawCpu = ProcessCpu.read();
        var rawSpeed = CpuSpeedProbe.start();
        var rawApi = ApiServerLatency.read(admin, LATENCY_RESOURCES);
        ObjectArrivals rawArrivals = new ObjectArrivals(admin, rawNamespaces);
        long rawStart = System.nanoTime();
        java.time.Instant rawFrom = java.time.Instant.now();
        long rawSubmitted = concurrently(0, BURST, i -> {
            long start = System.nanoTime();
            for (HasMetadata o : rawObjects[i]) {
                while (true) {
                    try {
                        admin.resource(o).create();
                        break;
                    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                        // the namespace's quota was updated by another create meanwhile: the API server asks to retry
                        if (e.getCode() != 409
                                || !String.valueOf(e.getMessage()).contains("resourcequotas")) {
                            throw e;
                        }
                        rawRetries.incrementAndGet();
                    }
                }
            }
            rawLatency[i] = System.nanoTime() - start;
        });
        long rawConverged = arrivedAfter(rawArrivals, BURST, rawStart);
        java.time.Instant rawUntil = java.time.Instant.now();
        String rawCpuSpent = ProcessCpu.read().since(rawCpu) + "; " + rawSpeed.against(quietProbe);
        String rawApiSpent = ApiServerLatency.read(admin, LATENCY_RESOURCES).since(rawApi);
        awaitObjects(rawNamespaces, BURST);

        report.put(
                "portal REST",
                String.format(
                        "burst of %d: %.1f submissions/s, p50 %.0f ms, p99 %.0f ms, all accepted %d s, all objects"
                                + " exist %d s, answers %s, retried after 503/429 %d",
                        BURST,
                        BURST / (portalSubmitted / 1e9),
                        ms(percentile(portalLatency, 50)),
                        ms(percentile(portalLatency, 99)),
                        seconds(portalSubmitted),
                        seconds(portalConverged),
                        new java.util.TreeMap<>(statuses),
                        retries.get()));
        report.put(
                "raw API",
                String.format(
                        "burst of %d: %.1f submissions/s, p50 %.0f ms, p99 %.0f ms, all created %d s, all objects"
                                + " exist %d s, creates retried after a quota conflict %d",
                        BURST,
                        BURST / (rawSubmitted / 1e9),
                        ms(percentile(rawLatency, 50)),
                        ms(percentile(rawLatency, 99)),
                        seconds(rawSubmitted),
                        seconds(rawConverged),
                        rawRetries.get()));
        report.put(
                "portal/raw",
                String.format(
                        "throughput %.2f, p99 %.2f, convergence time %.2f (raw/portal rate %.2f); load average %s → %s",
                        (double) rawSubmitted / portalSubmitted,
                        (double) percentile(portalLatency, 99) / percentile(rawLatency, 99),
                        (double) portalConverged / rawConverged,
                        (double) rawConverged / portalConverged,
                        burstLoad,
                        loadAverage()));
        report.put(
                "before each burst (the same wait for the same criterion)",
                "the portal's: " + portalSettled + "; the raw API's: " + rawSettled);
        // to match a profile (e.g. a flight recording) with the bursts
        report.put(
                "the bursts' windows (UTC)",
                "the portal's " + portalFrom + " → " + portalUntil + ", the raw API's " + rawFrom + " → " + rawUntil);
        report.put("CPU during the portal's burst (until every object existed)", portalCpuSpent);
        report.put("CPU during the raw API's burst (until every object existed)", rawCpuSpent);
        report.put("API server during the portal's burst (requests × mean time to answer)", portalApiSpent);
        report.put("API server during the raw API's burst (requests × mean time to answer)", rawApiSpent);

        flush();
        Thread.sleep(10_000); // status writes and watch events of the burst settle
        var before = ApiServerRequests.byVerb(admin, WORKLOAD_RESOURCES);
        Map<String, Map<String, Long>> beforeByResource = new java.util.TreeMap<>();
        WORKLOAD_RESOURCES.forEach(r -> beforeByResource.put(r, ApiServerRequests.byVerb(admin, java.util.Set.of(r))));
        Thread.sleep(15_000);
        // the scheduled resync may be under way: one whole pass is timed, started here
        Awaitility.await().atMost(Duration.ofMinutes(10)).until(() -> workloadReconciler.queued() == 0);
        var resyncCpu = ProcessCpu.read();
        long resyncStart = System.nanoTime();
        workloadReconciler.resyncAll();
        Awaitility.await().atMost(Duration.ofMinutes(10)).until(() -> workloadReconciler.queued() == 0);
        long resync = System.nanoTime() - resyncStart;
        String resyncCpuSpent = ProcessCpu.read().since(resyncCpu);
        Thread.sleep(15_000);
        var idle = ApiServerRequests.since(before, ApiServerRequests.byVerb(admin, WORKLOAD_RESOURCES));
        Map<String, Map<String, Long>> idleByResource = new java.util.TreeMap<>();
        beforeByResource.forEach((r, counts) -> {
            var sent = ApiServerRequests.since(counts, ApiServerRequests.byVerb(admin, java.util.Set.of(r)));
            if (!sent.isEmpty()) {
                idleByResource.put(r, sent);
            }
        });
        report.put(
                "idle 30 s + one resync of " + WORKLOADS + " workloads",
                "requests on workload kinds by verb " + idle + " (GET " + idle.getOrDefault("GET", 0L) + ", LIST "
                        + idle.getOrDefault("LIST", 0L) + "), by resource " + idleByResource
                        + " (every client's: the portal's, the controller manager's, the scheduler's, KWOK's);"
                        + " resync passed in " + seconds(resync) + " s; CPU meanwhile: " + resyncCpuSpent);

        report.put(
                "workload list (server side, page of 50 + count)",
                timings(() -> AsPlatformAdmin.run(() -> {
                    WorkloadQuery all = WorkloadQuery.of(WorkloadQuery.Scope.ALL_TENANTS);
                    workloads.find(all, PageRequest.of(0, 50));
                    workloads.count(all);
                })));
        report.put(
                "a tenant's workload list (server side, page of 50 + count, fleet-0)",
                timings(() -> AsPlatformAdmin.run(() -> {
                    WorkloadQuery one =
                            WorkloadQuery.of(WorkloadQuery.Scope.MY_TEAMS).withTenant("fleet-0");
                    workloads.find(one, PageRequest.of(0, 50));
                    workloads.count(one);
                })));
        report.put(
                "admin console (server side: a page of 50 tenants' usage, totals over every tenant, sharing by cluster)",
                timings(() -> AsPlatformAdmin.run(() -> quotas.console("", QuotaConsole.PAGE))));
        report.put(
                "admin console, a tenant searched by name (server side, \"fleet-4\")",
                timings(() -> AsPlatformAdmin.run(() -> quotas.console("fleet-4", QuotaConsole.PAGE))));
        report.put(
                "clusters page (server side: cluster summaries)",
                timings(() -> AsPlatformAdmin.run(() -> clusterDirectory.summaries())));
        report.put(
                "REST list (GET /api/v1/workloads?scope=all&tenant=fleet-0)",
                timings(() -> get("/api/v1/workloads?scope=all&tenant=fleet-0", token)));
        report.put(
                "REST list (GET /api/v1/workloads?scope=all, every tenant, page of 20)",
                timings(() -> get("/api/v1/workloads?scope=all", token)));
        report.put("load average after the page timings", loadAverage());
        flush();
        chromiumPageTimings();

        flush();
        System.gc();
        Runtime rt = Runtime.getRuntime();
        report.put(
                "memory",
                "RSS " + rssMiB() + " MiB, heap used " + (rt.totalMemory() - rt.freeMemory()) / (1 << 20)
                        + " MiB (after GC), max " + rt.maxMemory() / (1 << 20) + " MiB; the portal in "
                        + ChromiumPageTimings.vaadinMode());
        report.put("largest heap consumers (live objects)", heapHistogram(12));
        report.put("native memory by area (with BENCH_NMT=1)", nativeMemory());
        report.put("the portal's informer caches (objects, and their size as JSON)", cachedObjects());
        flush(); // kept if the sign-ins below fail
        report.put("idle Vaadin sessions (signed in, start page open)", idleSessions(200));
        List<Pod> pods = new ArrayList<>();
        slugs.forEach(s -> pods.addAll(admin.pods().inNamespace(s).list().getItems()));
        Map<String, Long> phases =
                pods.stream().collect(Collectors.groupingBy(p -> p.getStatus().getPhase(), Collectors.counting()));
        Map<String, String> regionOfNode = new HashMap<>();
        admin.nodes()
                .list()
                .getItems()
                .forEach(n -> regionOfNode.put(
                        n.getMetadata().getName(), n.getMetadata().getLabels().get("topology.kubernetes.io/region")));
        long outside = 0;
        for (Pod p : pods) {
            if (p.getSpec().getNodeName() != null) {
                int t = Integer.parseInt(p.getMetadata().getNamespace().substring("fleet-".length()));
                if (!REGIONS.get(t % REGIONS.size())
                        .contains(regionOfNode.get(p.getSpec().getNodeName()))) {
                    outside++;
                }
            }
        }
        Map<String, Long> whyPending = pods.stream()
                .filter(p -> "Pending".equals(p.getStatus().getPhase()))
                .map(p -> p.getStatus().getConditions() == null
                        ? "no condition yet"
                        : p.getStatus().getConditions().stream()
                                .filter(c -> "PodScheduled".equals(c.getType()))
                                .map(c -> c.getStatus() + " " + c.getReason())
                                .findFirst()
                                .orElse("no PodScheduled condition"))
                .collect(Collectors.groupingBy(w -> w, java.util.TreeMap::new, Collectors.counting()));
        report.put(
                "portal pods",
                "by phase " + phases + ", scheduled outside their tenant's regions " + outside + ", pending: "
                        + whyPending);

        System.out.print(flush());
        assertThat(statuses.keySet()).allMatch(code -> code == 201 || code == 503 || code == 429);
        assertThat(outside).isZero();
    }

    /**
     * The same pages in Debian's Chromium at the run's size ({@code -Dbenchmark.chromium.loads} timed loads each, 10
     * by default). A page that shows an error fails the run after its figures so far are written.
     */
    private void chromiumPageTimings() throws java.io.IOException {
        var chromium = new ChromiumPageTimings(
                "http://localhost:" + port, Integer.getInteger("benchmark.chromium.loads", 10), Path.of("target"));
        try {
            report.putAll(chromium.measure("fleet-0", FleetScaleBenchmarkIT::loadAverage));
        } catch (AssertionError e) {
            report.put("Chromium page timings", "FAILED: " + e.getMessage());
            flush();
            throw e;
        }
    }

    /** Writes the figures so far to target/fleet-benchmark.txt (a run stopped midway keeps its finished phases). */
    private String flush() throws java.io.IOException {
        StringBuilder out = new StringBuilder("BENCHMARK fleet scale, " + NODES + " nodes, " + TENANTS + " tenants, "
                + WORKLOADS + " training jobs (PVC + Job each) in the portal, the last " + BURST
                + " side by side with the raw API, " + CLIENTS + " clients, "
                + Runtime.getRuntime().availableProcessors()
                + " CPUs, " + java.time.Instant.now() + ":\n");
        report.forEach(
                (k, v) -> out.append("  ").append(k).append(": ").append(v).append('\n'));
        Files.writeString(Path.of("target", "fleet-benchmark.txt"), out.toString());
        return out.toString();
    }

    /** Creates PROVISIONED tenants at once and waits (5 minutes at most) until each has its namespace's quota. */
    private void provisionTenants() {
        String load = loadAverage();
        long start = System.nanoTime();
        for (int t = 0; t < PROVISIONED; t++) {
            tenant("prov-" + t, REGIONS.get(t % REGIONS.size()));
        }
        long created = System.nanoTime() - start;
        java.util.function.LongSupplier provisioned =
                () -> admin
                        .resourceQuotas()
                        .inAnyNamespace()
                        .withField("metadata.name", "gpu-portal-quota")
                        .list()
                        .getItems()
                        .stream()
                        .filter(q -> q.getMetadata().getNamespace().startsWith("prov-"))
                        .count();
        String outcome;
        try {
            Awaitility.await()
                    .atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> provisioned.getAsLong() >= PROVISIONED);
            outcome = "every namespace with its quota on the API server after " + seconds(System.nanoTime() - start)
                    + " s";
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            outcome = "only " + provisioned.getAsLong() + " with their quota after 5 minutes";
        }
        report.put(
                PROVISIONED + " tenants provisioned at once",
                String.format(
                        "stored in %d s, %s; load average %s → %s", seconds(created), outcome, load, loadAverage()));
        provisionTheSameWithTheRawApi();
    }

    /**
     * What the API server takes for the same tenants' objects without the portal: every object the portal made for the
     * provisioned tenants (each tenant's namespace, then what is in it), created again under other names by CLIENTS
     * clients at once, a tenant at a time per client. A baseline for the 1,000-tenant figure on this machine.
     */
    private void provisionTheSameWithTheRawApi() {
        Map<String, List<HasMetadata>> byTenant = new java.util.TreeMap<>();
        admin.namespaces().withLabel(OwnedLabels.MANAGED_BY, OwnedLabels.MANAGER).list().getItems().stream()
                .filter(ns -> ns.getMetadata().getName().startsWith("prov-"))
                .forEach(ns -> byTenant.computeIfAbsent(ns.getMetadata().getName(), k -> new ArrayList<>())
                        .add(ns));
        // the namespaced kinds a tenant is made of (the cluster-wide ones, only for a tenant given a whole cluster, are
        // left out)
        List<HasMetadata> inNamespaces = ManagedKinds.tenantLevel().stream()
                .filter(ManagedKinds.Kind::namespaced)
                .flatMap(kind -> admin
                        .resources(kind.type())
                        .inAnyNamespace()
                        .withLabel(OwnedLabels.MANAGED_BY, OwnedLabels.MANAGER)
                        .list()
                        .getItems()
                        .stream())
                .map(HasMetadata.class::cast)
                .toList();
        inNamespaces.stream()
                .filter(o -> byTenant.containsKey(o.getMetadata().getNamespace()))
                .forEach(o -> byTenant.get(o.getMetadata().getNamespace()).add(o));
        List<List<HasMetadata>> tenantsObjects = byTenant.values().stream()
                .map(objects -> objects.stream().map(this::asRaw).toList())
                .toList();
        long objects = tenantsObjects.stream().mapToLong(List::size).sum();
        String load = loadAverage();
        try {
            long took = concurrently(
                    0,
                    tenantsObjects.size(),
                    t -> tenantsObjects.get(t).forEach(o -> admin.resource(o).create()));
            report.put(
                    "the same tenants' objects with the raw API",
                    String.format(
                            "%d tenants, %d objects (%s), %d clients, a tenant's namespace first: created in %d s;"
                                    + " load average %s → %s",
                            tenantsObjects.size(),
                            objects,
                            tenantsObjects.stream()
                                    .flatMap(List::stream)
                                    .collect(Collectors.groupingBy(
                                            HasMetadata::getKind, java.util.TreeMap::new, Collectors.counting())),
                            CLIENTS,
                            seconds(took),
                            load,
                            loadAverage()));
        } catch (Exception e) {
            report.put("the same tenants' objects with the raw API", "FAILED: " + e);
        }
    }

    /** A copy of one of the portal's tenant objects, renamed into a raw namespace, without the portal's marks. */
    private HasMetadata asRaw(HasMetadata portals) {
        HasMetadata o = admin.getKubernetesSerialization().clone(portals);
        var meta = o.getMetadata();
        if (o instanceof io.fabric8.kubernetes.api.model.Namespace ns) {
            meta.setName("raw-" + meta.getName());
            ns.setStatus(null);
            ns.setSpec(null);
        } else {
            meta.setNamespace("raw-" + meta.getNamespace());
        }
        if (o instanceof io.fabric8.kubernetes.api.model.ResourceQuota quota) {
            quota.setStatus(null);
        }
        withoutPortalMarks(meta);
        meta.setAnnotations(null);
        return o;
    }

    /** What the API server set and the portal's labels, off an object to be created again with the raw API. */
    private static void withoutPortalMarks(io.fabric8.kubernetes.api.model.ObjectMeta meta) {
        meta.setResourceVersion(null);
        meta.setUid(null);
        meta.setManagedFields(null);
        meta.setCreationTimestamp(null);
        meta.setGeneration(null);
        meta.setLabels(Map.of("bench", "raw"));
    }

    /**
     * Heap per idle signed-in Vaadin session: {@code sessions} people sign in through the login form (with its CSRF
     * token) and open the start page (Vaadin's init request builds the UI on the server); the heap after GC before
     * and after, divided by the sessions. The sessions stay open (their cookies kept) while the heap is measured.
     */
    /** How many objects of each kind the portal's informers hold, and how large they are written as JSON. */
    private String cachedObjects() {
        Map<String, String> byKind = new java.util.TreeMap<>();
        for (Class<? extends HasMetadata> kind : List.of(
                io.fabric8.kubernetes.api.model.batch.v1.Job.class,
                Pod.class,
                io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class,
                io.fabric8.kubernetes.api.model.Namespace.class,
                io.fabric8.kubernetes.api.model.ResourceQuota.class,
                io.fabric8.kubernetes.api.model.LimitRange.class,
                io.fabric8.kubernetes.api.model.rbac.RoleBinding.class,
                io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class,
                io.fabric8.kubernetes.api.model.Service.class,
                io.fabric8.kubernetes.api.model.Secret.class)) {
            long count = 0;
            long bytes = 0;
            for (var cluster : clusterRegistry.all()) {
                for (HasMetadata o : cluster.owned().list(kind, null, Map.of())) {
                    count++;
                    bytes += io.fabric8.kubernetes.client.utils.Serialization.asJson(o)
                            .length();
                }
            }
            byKind.put(HasMetadata.getKind(kind), count + " (" + (bytes >> 10) + " KiB)");
        }
        return byKind.toString();
    }

    private String idleSessions(int sessions) {
        // One HTTP client for all: each person is only their cookies, so the heap that grows is the portal's sessions,
        // not 200 clients' selector threads and connection buffers.
        try (HttpClient browser = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build()) {
            Map<String, Integer> outcomes = new java.util.TreeMap<>();
            long before = heapAfterGc();
            for (int i = 0; i < sessions; i++) {
                Map<String, String> cookies = new java.util.LinkedHashMap<>();
                HttpResponse<String> loginPage = browser.send(
                        withCookies(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")), cookies)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                keepCookies(loginPage, cookies);
                Matcher csrf =
                        Pattern.compile("name=\"_csrf\" content=\"([^\"]+)\"").matcher(loginPage.body());
                String form = "username=admin&password=demo" + (csrf.find() ? "&_csrf=" + csrf.group(1) : "");
                HttpResponse<String> login = browser.send(
                        withCookies(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")), cookies)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                keepCookies(login, cookies);
                HttpResponse<String> init = browser.send(
                        withCookies(
                                        HttpRequest.newBuilder(
                                                URI.create("http://localhost:" + port + "/?v-r=init&location=&query=")),
                                        cookies)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                String outcome = "login " + login.statusCode()
                        + login.headers()
                                .firstValue("Location")
                                .map(l -> l.contains("error") ? " (refused)" : "")
                                .orElse("")
                        + ", init " + init.statusCode() + (init.body().contains("\"uidl\"") ? " with a UI" : "");
                outcomes.merge(outcome, 1, Integer::sum);
            }
            long after = heapAfterGc();
            return String.format(
                    "%d sessions: %d KiB each (heap after GC %d → %d MiB); %s",
                    sessions, (after - before) / sessions / 1024, before >> 20, after >> 20, outcomes);
        } catch (Exception e) {
            return "unavailable: " + e;
        }
    }

    private static HttpRequest.Builder withCookies(HttpRequest.Builder request, Map<String, String> cookies) {
        if (!cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(c -> c.getKey() + "=" + c.getValue())
                            .collect(java.util.stream.Collectors.joining("; ")));
        }
        return request;
    }

    private static void keepCookies(HttpResponse<?> response, Map<String, String> cookies) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(
                        pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + "/" + parts[1] + "/" + parts[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /**
     * The JVM's committed memory by area (heap, classes, code, threads, GC, …) from VM.native_memory, when the JVM runs
     * with native memory tracking (run.sh adds it with BENCH_NMT=1): what of the RSS is not the heap.
     */
    private static String nativeMemory() {
        try {
            String summary = (String) java.lang.management.ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "vmNativeMemory",
                            new Object[] {new String[] {"summary", "scale=MB"}},
                            new String[] {String[].class.getName()});
            List<String> areas = summary.lines()
                    .map(l -> l.trim().replaceFirst("^-\\s*", ""))
                    .filter(l -> l.matches("[A-Z][A-Za-z ]*(:| \\() ?reserved=.*"))
                    .map(l -> l.replaceFirst("(:| \\() ?reserved=\\d+MB, committed=(\\d+)MB.*", " $2 MB"))
                    .toList();
            return areas.isEmpty() ? summary.strip() : String.join("; ", areas);
        } catch (Exception e) {
            return "unavailable: " + e;
        }
    }

    /** The classes with the most live bytes on the heap, from GC.class_histogram of this JVM. */
    private static String heapHistogram(int top) {
        try {
            // in-process (the diagnostic command MBean): attaching jcmd to this JVM hangs on this machine
            String histogram = (String) java.lang.management.ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "gcClassHistogram",
                            new Object[] {new String[0]},
                            new String[] {String[].class.getName()});
            List<String> lines = histogram
                    .lines()
                    .filter(l -> l.matches("\\s*\\d+:.*"))
                    .limit(top)
                    .map(l -> {
                        String[] f = l.trim().split("\\s+");
                        return f[3] + " " + Long.parseLong(f[2]) / (1 << 20) + " MiB (" + f[1] + ")";
                    })
                    .toList();
            return String.join("; ", lines);
        } catch (Exception e) {
            return "unavailable: " + e;
        }
    }

    private void createFleet() throws Exception {
        List<Node> nodes = new ArrayList<>();
        int made = 0;
        for (int p = 0; p < POOLS.size(); p++) {
            Pool pool = POOLS.get(p);
            int count = p == POOLS.size() - 1 ? NODES - made : NODES * pool.percent() / 100;
            made += count;
            for (int i = 0; i < count; i++) {
                nodes.add(node(pool, i));
            }
        }
        ExecutorService creators = Executors.newFixedThreadPool(8);
        List<Future<?>> created = new ArrayList<>();
        for (Node n : nodes) {
            created.add(creators.submit(() -> admin.nodes().resource(n).create()));
        }
        for (Future<?> f : created) {
            f.get();
        }
        creators.shutdown();
    }

    private static Node node(Pool pool, int i) {
        String name = "fleet-" + pool.name() + "-" + i;
        Map<String, Quantity> resources = new LinkedHashMap<>();
        resources.put("cpu", new Quantity("64"));
        resources.put("memory", new Quantity("512Gi"));
        resources.put("pods", new Quantity("110"));
        pool.gpus().forEach((k, v) -> resources.put(k, new Quantity(v)));
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withAnnotations(Map.of("kwok.x-k8s.io/node", "fake"))
                .withLabels(Map.of(
                        "type",
                        "kwok",
                        "kubernetes.io/hostname",
                        name,
                        "kubernetes.io/os",
                        "linux",
                        "topology.kubernetes.io/region",
                        pool.region(),
                        "gpu-portal.dev/pool",
                        pool.name(),
                        "nvidia.com/gpu.present",
                        "true",
                        "nvidia.com/gpu.product",
                        pool.product(),
                        "nvidia.com/mig.strategy",
                        pool.mig()))
                .endMetadata()
                .withNewStatus()
                .withAllocatable(resources)
                .withCapacity(resources)
                .endStatus()
                .build();
    }

    private long readyNodes() {
        return admin.nodes().list().getItems().stream()
                .filter(n -> n.getStatus().getConditions() != null
                        && n.getStatus().getConditions().stream()
                                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .count();
    }

    private void tenant(String slug, List<String> regions) {
        AsPlatformAdmin.run(() -> {
            tenants.create(new TenantDraft(slug, slug, null, IsolationTier.SHARED, regions), List.of("sim"));
            quotas.update(
                    slug,
                    QuotaService.NO_QUOTA_YET,
                    new QuotaDraft("4000", Map.of(), "100000", "1Pi", "100Pi", "10000"));
        });
    }

    private String profileOf(int i) {
        List<String> regions = REGIONS.get(i % TENANTS % REGIONS.size());
        List<String> profiles = PROFILES.get(regions.getFirst());
        return profiles.get(i / TENANTS % profiles.size());
    }

    private static String trainingJson(String tenant, String name, String profile) {
        return """
                {"kind":"training","tenant":"%s","name":"%s","image":"nvcr.io/nvidia/pytorch:26.10-py3",
                 "command":["python","train.py"],"cpu":"1","memory":"2Gi","gpuProfile":"%s","gpuCount":%s,
                 "workers":1,"retries":0,"maxRunTime":"2h","checkpoint":"1Gi"}""".formatted(tenant, name, profile, profile.isEmpty() ? "null" : "1");
    }

    /** The objects the portal made for each job, moved to the raw namespaces without the portal's labels. */
    @SuppressWarnings("unchecked")
    private List<HasMetadata>[] rawObjects(List<String> slugs, List<String> rawNamespaces) {
        List<HasMetadata>[] objects = new List[BURST];
        for (int i = 0; i < BURST; i++) {
            int t = i % TENANTS;
            String name = "job-" + i;
            List<HasMetadata> these = new ArrayList<>();
            these.add(admin.persistentVolumeClaims()
                    .inNamespace(slugs.get(t))
                    .withName(name + "-checkpoints")
                    .get());
            these.add(admin.batch()
                    .v1()
                    .jobs()
                    .inNamespace(slugs.get(t))
                    .withName(name)
                    .get());
            for (HasMetadata o : these) {
                o.getMetadata().setNamespace(rawNamespaces.get(t));
                withoutPortalMarks(o.getMetadata());
                if (o instanceof io.fabric8.kubernetes.api.model.batch.v1.Job job) {
                    job.setStatus(null);
                    job.getSpec().setSelector(null);
                    job.getSpec().getTemplate().getMetadata().setLabels(Map.of("bench", "raw"));
                } else if (o instanceof io.fabric8.kubernetes.api.model.PersistentVolumeClaim pvc) {
                    pvc.setStatus(null);
                    pvc.getSpec().setVolumeName(null);
                    pvc.getMetadata().setAnnotations(null);
                    pvc.getMetadata().setFinalizers(null);
                }
            }
            objects[i] = these;
        }
        return objects;
    }

    /** Nanoseconds from {@code start} until the last of {@code jobs} Jobs and their claims arrived. */
    private static long arrivedAfter(ObjectArrivals arrivals, int jobs, long start) {
        try (arrivals) {
            return arrivals.awaitArrivals(2L * jobs, Duration.ofMinutes(10 + jobs / 100)) - start;
        }
    }

    private void awaitObjects(List<String> namespaces, int jobs) {
        Awaitility.await()
                .atMost(Duration.ofMinutes(10 + jobs / 100))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> objectsIn(namespaces) >= 2L * jobs);
    }

    /**
     * Jobs and claims in the namespaces, counted by lists of one item and the API server's count of the rest, so
     * polling thousands of objects every second does not load the API server both paths share.
     */
    private long objectsIn(List<String> namespaces) {
        var one = new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                .withLimit(1L)
                .build();
        long total = 0;
        for (String ns : namespaces) {
            total += count(admin.batch().v1().jobs().inNamespace(ns).list(one));
            total += count(admin.persistentVolumeClaims().inNamespace(ns).list(one));
        }
        return total;
    }

    private static long count(io.fabric8.kubernetes.api.model.KubernetesResourceList<?> page) {
        Long rest = page.getMetadata().getRemainingItemCount();
        return page.getItems().size() + (rest == null ? 0 : rest);
    }

    /** Runs {@code task} for from … to-1 on CLIENTS threads; returns the elapsed nanoseconds. */
    private static long concurrently(int from, int to, IntConsumer task) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger next = new AtomicInteger(from);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            done.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                    task.accept(i);
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        clients.shutdown();
        return System.nanoTime() - start;
    }

    private String adminToken() throws Exception {
        HttpResponse<String> response =
                post("/api/v1/demo-tokens", null, "{\"username\":\"admin\",\"password\":\"demo\"}");
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        assertThat(m.find()).as(response.body()).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> post(String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private void get(String path, String token) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** p50 and p95 of 50 runs after 5 warm-up runs. */
    private static String timings(Runnable run) {
        for (int i = 0; i < 5; i++) {
            run.run();
        }
        long[] times = new long[50];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            run.run();
            times[i] = System.nanoTime() - start;
        }
        return String.format("p50 %.1f ms, p95 %.1f ms", ms(percentile(times, 50)), ms(percentile(times, 95)));
    }

    private static long rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }

    private static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static long seconds(long nanos) {
        return nanos / 1_000_000_000;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
