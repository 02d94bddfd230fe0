package dev.gpuportal.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import dev.gpuportal.testsupport.jupyter.WebSocketEchoServer;
import dev.gpuportal.testsupport.kubernetes.SimulatedClusterSpringTest;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadForm;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadView;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * What the route costs (run with {@code ./mvnw -Pbenchmarks verify -Dit.test=RouteBenchmarkIT}; not part of the default
 * build). On the dev stack the route goes through the API server's service proxy: latency of small calls to a model
 * server directly, through that proxy alone and through the route, as p50/p99; a 200 MB download the same three
 * ways, with the heap sampled meanwhile; and 200 WebSockets through the route held open for a minute, each echoing a
 * message every 5 s. Prints lines starting BENCHMARK. {@link DirectRouteBenchmarkIT} measures the {@code direct}
 * upstream.
 */
class RouteBenchmarkIT extends SimulatedClusterSpringTest {

    static final int SOCKETS = 200;
    static final Duration HELD = Duration.ofMinutes(1);
    static final int OPENING_AT_ONCE = 20;

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
        HttpServer model = RouteBenchmarks.modelServer(address, 0);
        try {
            String key = endpoint("bench", "model", model.getAddress().getPort(), address);
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String ip = address.getHostAddress();
            URI direct = URI.create("http://" + ip + ":" + model.getAddress().getPort());
            URI route = URI.create("http://localhost:" + port + "/t/bench/endpoints/model");
            HttpRequest.Builder viaRoute = HttpRequest.newBuilder(route.resolve("/t/bench/endpoints/model/small"))
                    .header("Authorization", "Bearer " + key);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> http.send(viaRoute.build(), HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200);

            var proxy = admin.getHttpClient();
            String proxied = admin.getMasterUrl().toString().replaceAll("/+$", "")
                    + "/api/v1/namespaces/bench/services/http:model:http/proxy/small";
            RouteBenchmarks.reportLoad("before");
            long[][] ns = RouteBenchmarks.timeInTurn(
                    () -> http.send(
                            HttpRequest.newBuilder(direct.resolve("/small")).build(),
                            HttpResponse.BodyHandlers.discarding()),
                    () -> proxy.sendAsync(
                                    proxy.newHttpRequestBuilder().uri(proxied).build(), byte[].class)
                            .get(),
                    () -> http.send(viaRoute.build(), HttpResponse.BodyHandlers.discarding()));
            RouteBenchmarks.report("direct to the model server", ns[0]);
            RouteBenchmarks.report("API server's service proxy alone (this mode's direct call)", ns[1]);
            RouteBenchmarks.report("portal route (key, via the service proxy)", ns[2]);
            RouteBenchmarks.reportAdded("route added over the service proxy alone", ns[2], ns[1]);
            RouteBenchmarks.reportAdded("route (via the service proxy) added over direct", ns[2], ns[0]);

            String proxiedBig = proxied.replace("/small", "/big");
            double[][] rates = RouteBenchmarks.downloadInTurn(
                    RouteBenchmarks.Download.of("direct", http, HttpRequest.newBuilder(direct.resolve("/big"))),
                    new RouteBenchmarks.Download(
                            "API server's service proxy alone", () -> viaServiceProxy(proxy, proxiedBig)),
                    RouteBenchmarks.Download.of(
                            "portal route (via the service proxy)",
                            http,
                            HttpRequest.newBuilder(route.resolve("/t/bench/endpoints/model/big"))
                                    .header("Authorization", "Bearer " + key)));
            System.out.printf(
                    "BENCHMARK download through the route (via the service proxy): %.2f x the service proxy alone"
                            + " (this mode's direct call), %.2f x direct to the model server (medians of %d rounds);"
                            + " best round over best round %.2f and %.2f%n",
                    RouteBenchmarks.medianRatio(rates, 2, 1),
                    RouteBenchmarks.medianRatio(rates, 2, 0),
                    rates.length,
                    RouteBenchmarks.bestRatio(rates, 2, 1),
                    RouteBenchmarks.bestRatio(rates, 2, 0));
            RouteBenchmarks.reportLoad("after");
        } finally {
            model.stop(0);
        }
    }

    @Test
    void twoHundredWebSocketsHeldOpenForAMinute() throws Exception {
        InetAddress address = nonLoopbackAddress();
        try (WebSocketEchoServer echo = WebSocketEchoServer.start(address, 0)) {
            String key = endpoint("bench-ws", "echo", echo.port(), address);
            HttpClient http = HttpClient.newHttpClient();
            URI socketUri = URI.create("ws://localhost:" + port + "/t/bench-ws/endpoints/echo/echo");
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> http.send(
                                            HttpRequest.newBuilder(URI.create(
                                                            "http://localhost:" + port + "/t/bench-ws/endpoints/echo/"))
                                                    .header("Authorization", "Bearer " + key)
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            System.gc();
            long heapBefore = RouteBenchmarks.liveHeap();
            int threadsBefore = threads.getThreadCount();

            AtomicInteger errors = new AtomicInteger();
            List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());
            List<Echoing> sockets = new ArrayList<>();
            long opening = System.nanoTime();
            // opened 20 at a time, as people arrive, not all in the same instant
            for (int batch = 0; batch < SOCKETS; batch += OPENING_AT_ONCE) {
                List<CompletableFuture<WebSocket>> opened = new ArrayList<>();
                for (int i = batch; i < Math.min(SOCKETS, batch + OPENING_AT_ONCE); i++) {
                    Echoing listener = new Echoing(errors, errorSamples);
                    sockets.add(listener);
                    opened.add(http.newWebSocketBuilder()
                            .header("Authorization", "Bearer " + key)
                            .connectTimeout(Duration.ofSeconds(30))
                            .buildAsync(socketUri, listener));
                }
                for (int i = 0; i < opened.size(); i++) {
                    try {
                        sockets.get(batch + i).socket = opened.get(i).get(60, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        errors.incrementAndGet();
                        errorSamples.add(
                                e.getCause() instanceof WebSocketHandshakeException refused
                                        ? "refused " + refused.getResponse().statusCode() + " "
                                                + refused.getResponse().body()
                                        : "open: " + e.getCause());
                    }
                }
            }
            double openSeconds = (System.nanoTime() - opening) / 1e9;

            int peakThreads = threads.getThreadCount();
            long peakHeap = 0;
            int rounds = 0;
            long heldUntil = System.nanoTime() + HELD.toNanos();
            while (System.nanoTime() < heldUntil) {
                rounds++;
                for (Echoing socket : sockets) {
                    socket.ask("round " + rounds);
                }
                Thread.sleep(5_000);
                for (Echoing socket : sockets) {
                    socket.check("round " + rounds);
                }
                peakThreads = Math.max(peakThreads, threads.getThreadCount());
                peakHeap = Math.max(peakHeap, RouteBenchmarks.liveHeap());
            }
            System.gc(); // the heap kept with all sockets open, not what the last collection happened to leave
            peakHeap = Math.max(peakHeap, RouteBenchmarks.liveHeap());
            int open = (int) sockets.stream()
                    .filter(s -> s.socket != null && !s.socket.isInputClosed())
                    .count();
            for (Echoing socket : sockets) {
                if (socket.socket != null) {
                    socket.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
                }
            }
            System.out.printf(
                    "BENCHMARK websockets: %d opened through the route (key, via the service proxy) in %.1f s, held"
                            + " %d s with %d echo rounds each; still open at the end: %d; errors: %d %s%n",
                    SOCKETS,
                    openSeconds,
                    HELD.toSeconds(),
                    rounds,
                    open,
                    errors.get(),
                    errorSamples.stream().limit(3).toList());
            System.out.printf(
                    "BENCHMARK websockets: live heap after GCs %d MB before, at most %d MB while held (+%d kB per"
                            + " socket, both ends in this JVM); threads %d before, at most %d while held%n",
                    heapBefore >> 20,
                    peakHeap >> 20,
                    Math.max(0, peakHeap - heapBefore) / SOCKETS >> 10,
                    threadsBefore,
                    peakThreads);
            assertThat(errors.get()).as(errorSamples.toString()).isZero();
            assertThat(open).isEqualTo(SOCKETS);
        }
    }

    /**
     * Downloads through the API server's service proxy with the cluster's own client (its credentials and TLS), chunks
     * counted as they come: the service proxy's own speed, without fabric8's byte-by-byte InputStream in the way.
     */
    private static long viaServiceProxy(io.fabric8.kubernetes.client.http.HttpClient proxy, String url)
            throws Exception {
        AtomicLong bytes = new AtomicLong();
        var response = proxy.consumeBytes(proxy.newHttpRequestBuilder().uri(url).build(), (chunks, body) -> {
                    chunks.forEach(chunk -> bytes.addAndGet(chunk.remaining()));
                    body.consume();
                })
                .get();
        response.body().consume();
        response.body().done().get();
        return bytes.get();
    }

    /** One client socket: sends a binary message when asked, and checks that it came back before the next. */
    private static final class Echoing implements WebSocket.Listener {
        private final AtomicInteger errors;
        private final List<String> samples;
        private final StringBuilder received = new StringBuilder();
        volatile WebSocket socket;

        Echoing(AtomicInteger errors, List<String> samples) {
            this.errors = errors;
            this.samples = samples;
        }

        void ask(String message) {
            if (socket != null) {
                socket.sendBinary(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), true);
            }
        }

        void check(String message) {
            synchronized (received) {
                if (socket != null && !received.toString().equals(message)) {
                    errors.incrementAndGet();
                    samples.add("expected '" + message + "', got '" + received + "'");
                }
                received.setLength(0);
            }
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            synchronized (received) {
                received.append(StandardCharsets.UTF_8.decode(data));
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            errors.incrementAndGet();
            samples.add("text where binary was sent: " + data);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            if (status != WebSocket.NORMAL_CLOSURE) {
                errors.incrementAndGet();
                samples.add("closed " + status + " " + reason);
            }
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            errors.incrementAndGet();
            samples.add("error " + error);
        }
    }

    /** A running endpoint of a new tenant, its pod pointed at the server given; returns a key for it. */
    private String endpoint(String tenant, String name, int serverPort, InetAddress address) {
        AsPlatformAdmin.run(() -> {
            tenants.create(new TenantDraft(tenant, tenant, null, IsolationTier.SHARED, List.of()), List.of("sim"));
            memberships.grant(tenant, SubjectType.GROUP, "bench-team", TenantRole.MEMBER);
            quotas.update(
                    tenant, QuotaService.NO_QUOTA_YET, new QuotaDraft("2", Map.of(), "200", "800Gi", "10Ti", "50", ""));
        });
        tenantReconciler.reconcile(tenant);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> admin.resourceQuotas()
                                .inNamespace(tenant)
                                .withName("gpu-portal-quota")
                                .get()
                                .getStatus()
                        != null);
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        "bea", null, Authorities.of(Set.of("bench-team"), false)));
        String key;
        WorkloadView ep;
        try {
            ep = workloads.submit(new WorkloadForm.Inference(
                    tenant,
                    name,
                    "nvcr.io/nvidia/tritonserver:26.10-py3",
                    Integer.toString(serverPort),
                    "1",
                    "2Gi",
                    "",
                    "0",
                    "1",
                    "1",
                    "70",
                    "/v2/health/ready"));
            key = keys.create(ep.id(), "bench").key();
        } finally {
            SecurityContextHolder.clearContext();
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> AsPlatformAdmin.call(() -> workloads.get(ep.id()).phase()) == ObservedPhase.RUNNING);
        String pod = admin.pods()
                .inNamespace(tenant)
                .withLabel("gpu-portal.dev/workload-id", Long.toString(ep.id()))
                .list()
                .getItems()
                .getFirst()
                .getMetadata()
                .getName();
        String ip = address.getHostAddress();
        admin.pods().inNamespace(tenant).withName(pod).editStatus(p -> {
            p.setStatus(new PodStatusBuilder(p.getStatus())
                    .withPodIP(ip)
                    .withPodIPs()
                    .addNewPodIP(ip)
                    .build());
            return p;
        });
        return key;
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
