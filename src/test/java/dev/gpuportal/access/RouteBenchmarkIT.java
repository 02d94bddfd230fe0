package dev.gpuportal.access;

import com.sun.net.httpserver.HttpServer;
import dev.gpuportal.cluster.tenants.TenantReconciler;
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
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * What the route costs (run with {@code ./mvnw -Pbenchmarks verify -Dit.test=RouteBenchmarkIT}; not part of the default
 * build): latency of small calls to a model server directly, through the API server's service proxy alone, and
 * through the portal's route (which goes through that proxy on the dev stack), as p50/p99; and a 200 MB download
 * directly and through the route, with the portal's heap sampled meanwhile. Prints lines starting BENCHMARK.
 */
class RouteBenchmarkIT extends SimulatedClusterSpringTest {

    static final int CALLS = 500;
    static final long DOWNLOAD_BYTES = 200L << 20;

    @LocalServerPort
    int port;

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
    EndpointKeys keys;

    final KubernetesClient admin = cluster.admin();

    @Test
    void addedLatencyAndDownloadThroughput() throws Exception {
        InetAddress address = nonLoopbackAddress();
        HttpServer model = HttpServer.create(new InetSocketAddress(address, 0), 64);
        model.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        byte[] small = "{\"ok\":true}".getBytes();
        model.createContext("/small", exchange -> {
            exchange.sendResponseHeaders(200, small.length);
            exchange.getResponseBody().write(small);
            exchange.close();
        });
        model.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, DOWNLOAD_BYTES);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent < DOWNLOAD_BYTES; sent += chunk.length) {
                    out.write(chunk);
                }
            }
        });
        model.start();
        try {
            AsPlatformAdmin.run(() -> {
                tenants.create(
                        new TenantDraft("bench", "bench", null, IsolationTier.SHARED, List.of()), List.of("sim"));
                memberships.grant("bench", SubjectType.GROUP, "bench-team", TenantRole.MEMBER);
                quotas.update(
                        "bench",
                        QuotaService.NO_QUOTA_YET,
                        new QuotaDraft("2", Map.of(), "200", "800Gi", "10Ti", "50", ""));
            });
            tenantReconciler.reconcile("bench");
            SecurityContextHolder.getContext()
                    .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                            "bea", null, Authorities.of(Set.of("bench-team"), false)));
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> admin.resourceQuotas()
                                    .inNamespace("bench")
                                    .withName("gpu-portal-quota")
                                    .get()
                                    .getStatus()
                            != null);
            WorkloadView ep = workloads.submit(new WorkloadForm.Inference(
                    "bench",
                    "model",
                    "nvcr.io/nvidia/tritonserver:26.10-py3",
                    Integer.toString(model.getAddress().getPort()),
                    "1",
                    "2Gi",
                    "",
                    "0",
                    "1",
                    "1",
                    "70",
                    "/v2/health/ready"));
            String key = keys.create(ep.id(), "bench").key();
            SecurityContextHolder.clearContext();
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() ->
                            AsPlatformAdmin.call(() -> workloads.get(ep.id()).phase()) == ObservedPhase.RUNNING);
            String pod = admin.pods()
                    .inNamespace("bench")
                    .withLabel("gpu-portal.dev/workload-id", Long.toString(ep.id()))
                    .list()
                    .getItems()
                    .getFirst()
                    .getMetadata()
                    .getName();
            String ip = address.getHostAddress();
            admin.pods().inNamespace("bench").withName(pod).editStatus(p -> {
                p.setStatus(new PodStatusBuilder(p.getStatus())
                        .withPodIP(ip)
                        .withPodIPs()
                        .addNewPodIP(ip)
                        .build());
                return p;
            });

            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI direct = URI.create("http://" + ip + ":" + model.getAddress().getPort());
            URI route = URI.create("http://localhost:" + port + "/t/bench/endpoints/model");
            HttpRequest.Builder viaRoute = HttpRequest.newBuilder(route.resolve("/t/bench/endpoints/model/small"))
                    .header("Authorization", "Bearer " + key);
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> http.send(viaRoute.build(), HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200);

            var proxy = admin.getHttpClient();
            String proxied = admin.getMasterUrl().toString().replaceAll("/+$", "")
                    + "/api/v1/namespaces/bench/services/http:model:http/proxy/small";
            long[] directNs = time(() -> http.send(
                    HttpRequest.newBuilder(direct.resolve("/small")).build(), HttpResponse.BodyHandlers.discarding()));
            long[] proxyNs = time(() -> proxy.sendAsync(
                            proxy.newHttpRequestBuilder().uri(proxied).build(), byte[].class)
                    .get());
            long[] routeNs = time(() -> http.send(viaRoute.build(), HttpResponse.BodyHandlers.discarding()));
            report("direct to the model server", directNs);
            report("API server's service proxy alone", proxyNs);
            report("portal route (key, via the service proxy)", routeNs);
            System.out.printf(
                    "BENCHMARK route added over the service proxy: p50 %.2f ms, p99 %.2f ms%n",
                    (percentile(routeNs, 50) - percentile(proxyNs, 50)) / 1e6,
                    (percentile(routeNs, 99) - percentile(proxyNs, 99)) / 1e6);

            download("direct", http, HttpRequest.newBuilder(direct.resolve("/big")));
            String proxiedBig = proxied.replace("/small", "/big");
            download(
                    "API server's service proxy alone",
                    () -> proxy.sendAsync(
                                    proxy.newHttpRequestBuilder()
                                            .uri(proxiedBig)
                                            .build(),
                                    InputStream.class)
                            .get()
                            .body());
            download(
                    "portal route",
                    http,
                    HttpRequest.newBuilder(route.resolve("/t/bench/endpoints/model/big"))
                            .header("Authorization", "Bearer " + key));
        } finally {
            model.stop(0);
        }
    }

    interface Call {
        Object run() throws Exception;
    }

    static long[] time(Call call) throws Exception {
        for (int i = 0; i < 50; i++) {
            call.run(); // warm-up
        }
        long[] ns = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long start = System.nanoTime();
            call.run();
            ns[i] = System.nanoTime() - start;
        }
        Arrays.sort(ns);
        return ns;
    }

    static double percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static void report(String what, long[] ns) {
        System.out.printf(
                "BENCHMARK latency %s: p50 %.2f ms, p99 %.2f ms (%d calls)%n",
                what, percentile(ns, 50) / 1e6, percentile(ns, 99) / 1e6, ns.length);
    }

    interface Body {
        InputStream open() throws Exception;
    }

    static void download(String what, HttpClient http, HttpRequest.Builder request) throws Exception {
        download(
                what,
                () -> http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                        .body());
    }

    /** Heap still in use after the last collection of each pool: what is kept, not the garbage made on the way. */
    static long liveHeap() {
        return java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP && p.getCollectionUsage() != null)
                .mapToLong(p -> p.getCollectionUsage().getUsed())
                .sum();
    }

    static void download(String what, Body body) throws Exception {
        System.gc();
        long baseline = liveHeap();
        AtomicLong peak = new AtomicLong(baseline);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(liveHeap(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long start = System.nanoTime();
        long total = 0;
        try (InputStream in = body.open()) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        System.out.printf(
                "BENCHMARK download %s: %d MB in %.2f s = %.0f MB/s; live heap after GCs rose at most %d MB over"
                        + " %d MB (same JVM: portal and client)%n",
                what, total >> 20, seconds, (total >> 20) / seconds, (peak.get() - baseline) >> 20, baseline >> 20);
    }

    private static InetAddress nonLoopbackAddress() throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLinkLocalAddress())
                .findFirst()
                .orElseThrow();
    }
}
