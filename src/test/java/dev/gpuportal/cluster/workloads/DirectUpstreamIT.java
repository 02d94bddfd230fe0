package dev.gpuportal.cluster.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.gpuportal.access.AccessSettings;
import dev.gpuportal.access.Route;
import dev.gpuportal.access.RoutePaths;
import dev.gpuportal.access.WorkloadUpstream;
import dev.gpuportal.access.WorkloadUpstream.UpstreamRequest;
import dev.gpuportal.cluster.registry.ClusterRegistry;
import dev.gpuportal.cluster.registry.KubernetesProperties;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.tenancy.TenantSnapshots;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.testsupport.dns.ClusterDns;
import dev.gpuportal.testsupport.jupyter.WebSocketEchoServer;
import dev.gpuportal.testsupport.kubernetes.SimulatedClusterSpringTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The {@code direct} upstream, as a portal running in the cluster uses it: requests go to the Service's cluster DNS
 * name on port 80 (resolved by the tests' {@link ClusterDns} to a real model server listening there), carry none of
 * the cluster's credentials, stream their bodies, and WebSocket messages keep their kind (text stays text).
 */
class DirectUpstreamIT extends SimulatedClusterSpringTest {

    @Autowired
    ClusterRegistry registry;

    @Autowired
    TenantSnapshots tenantSnapshots;

    @Autowired
    KubernetesProperties properties;

    @Autowired
    TenantService tenants;

    /** A tenant whose Service "model" resolves, as the cluster's DNS would, to an address of its own on this host. */
    private record ModelService(String name, InetAddress address) {}

    private ModelService modelServiceOf(String tenant, int lastOctet) throws Exception {
        AsPlatformAdmin.run(() ->
                tenants.create(new TenantDraft(tenant, tenant, null, IsolationTier.SHARED, List.of()), List.of("sim")));
        InetAddress address = InetAddress.getByAddress(
                new byte[] {127, 0, (byte) ThreadLocalRandom.current().nextInt(1, 250), (byte) lastOctet});
        String service = "model." + properties.namespaceOf(tenant) + ".svc";
        ClusterDns.register(service, address);
        return new ModelService(service, address);
    }

    @Test
    void callsAndWebSocketsReachTheServiceByItsClusterNameWithoutTheClustersCredentials() throws Exception {
        ModelService modelService = modelServiceOf("direct-up", 81);
        InetAddress address = modelService.address();
        String service = modelService.name();
        WorkloadUpstream direct = new WorkloadRouteUpstream(
                registry,
                tenantSnapshots,
                properties,
                new AccessSettings("", AccessSettings.UpstreamMode.DIRECT, Duration.ofSeconds(10)),
                Clock.systemUTC());
        try (var model = WebSocketEchoServer.start(address, 80)) {
            Route root = RoutePaths.parse("/t/direct-up/endpoints/model/", null).orElseThrow();
            try (var answer = direct.exchange(request(root))) {
                assertThat(answer.status()).isEqualTo(200);
                assertThat(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("ok");
            }

            byte[] upload = new byte[5 << 20];
            Route post = RoutePaths.parse("/t/direct-up/endpoints/model/upload", null)
                    .orElseThrow();
            try (var answer = direct.exchange(new UpstreamRequest(
                    post,
                    "POST",
                    Map.of("Content-Type", List.of("application/octet-stream")),
                    new ByteArrayInputStream(upload),
                    upload.length,
                    Duration.ofSeconds(10)))) {
                assertThat(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo(Integer.toString(upload.length));
            }

            Route echo =
                    RoutePaths.parse("/t/direct-up/endpoints/model/echo", null).orElseThrow();
            LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
            CompletableFuture<WorkloadUpstream.UpstreamSocket> connecting =
                    direct.connect(request(echo), List.of(), new WorkloadUpstream.SocketListener() {
                        @Override
                        public void onText(String text) {
                            heard.add("text " + text);
                        }

                        @Override
                        public void onBinary(ByteBuffer binary) {
                            heard.add("binary " + StandardCharsets.UTF_8.decode(binary));
                        }

                        @Override
                        public void onClose(int code, String reason) {
                            heard.add("closed " + code);
                        }

                        @Override
                        public void onError(Throwable error) {
                            heard.add("error " + error);
                        }
                    });
            WorkloadUpstream.UpstreamSocket socket = connecting.get(10, TimeUnit.SECONDS);
            socket.request();
            assertThat(socket.sendText("{\"channel\":\"shell\"}")).isTrue();
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("text {\"channel\":\"shell\"}");
            socket.request();
            assertThat(socket.send(ByteBuffer.wrap("6*7".getBytes(StandardCharsets.UTF_8))))
                    .isTrue();
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("binary 6*7");
            socket.request();
            socket.close(1000, "done");
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("closed 1000");
        } finally {
            ClusterDns.unregister(service);
        }
    }

    @Test
    void aServiceThatStaysSilentIsCutAfterTheUpstreamTimeout() throws Exception {
        ModelService modelService = modelServiceOf("direct-slow", 82);
        InetAddress address = modelService.address();
        String service = modelService.name();
        HttpServer model = HttpServer.create(new InetSocketAddress(address, 80), 8);
        CountDownLatch release = new CountDownLatch(1);
        model.createContext("/hang", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        startWithTwoThreads(model);
        WorkloadRouteUpstream direct = directUpstream(Duration.ofSeconds(1));
        try {
            Route hang = RoutePaths.parse("/t/direct-slow/endpoints/model/hang", null)
                    .orElseThrow();
            long start = System.nanoTime();
            assertThatThrownBy(() ->
                            direct.exchange(new UpstreamRequest(hang, "GET", Map.of(), null, 0, Duration.ofSeconds(1))))
                    .isInstanceOf(WorkloadUpstream.UpstreamTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        } finally {
            release.countDown();
            direct.close();
            model.stop(0);
            ClusterDns.unregister(service);
        }
    }

    @Test
    void aLargeAnswerIsReadInPiecesLargerThanAPlainSocketHandsOut() throws Exception {
        ModelService modelService = modelServiceOf("direct-big", 83);
        InetAddress address = modelService.address();
        String service = modelService.name();
        byte[] body = new byte[32 << 20];
        ThreadLocalRandom.current().nextBytes(body);
        HttpServer model = HttpServer.create(new InetSocketAddress(address, 80), 8);
        model.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        startWithTwoThreads(model);
        WorkloadRouteUpstream direct = directUpstream(Duration.ofSeconds(10));
        try (var answer = direct.exchange(request(
                RoutePaths.parse("/t/direct-big/endpoints/model/big", null).orElseThrow()))) {
            // A plain socket hands out at most 128 kB per read however much the kernel holds; the workload's
            // socket is given time to fill before each read, so that a larger piece is there to take.
            var read = new ByteArrayOutputStream(body.length);
            byte[] buffer = new byte[1 << 20];
            int largest = 0;
            int n;
            while ((n = answer.body().read(buffer)) >= 0) {
                read.write(buffer, 0, n);
                largest = Math.max(largest, n);
                if (largest <= 128 * 1024) {
                    Thread.sleep(20);
                }
            }
            assertThat(read.toByteArray()).isEqualTo(body);
            assertThat(largest).isGreaterThan(128 * 1024);
        } finally {
            direct.close();
            model.stop(0);
            ClusterDns.unregister(service);
        }
    }

    private WorkloadRouteUpstream directUpstream(Duration timeout) {
        return new WorkloadRouteUpstream(
                registry,
                tenantSnapshots,
                properties,
                new AccessSettings("", AccessSettings.UpstreamMode.DIRECT, timeout),
                Clock.systemUTC());
    }

    private static void startWithTwoThreads(HttpServer model) {
        model.setExecutor(Executors.newFixedThreadPool(2));
        model.start();
    }

    private static UpstreamRequest request(Route route) {
        return new UpstreamRequest(route, "GET", Map.of(), null, 0, Duration.ofSeconds(10));
    }
}
