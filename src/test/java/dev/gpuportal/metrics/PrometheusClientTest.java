package dev.gpuportal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a small real HTTP server answering as Prometheus's API does. */
class PrometheusClientTest {

    static final String MATRIX = """
            {"status":"success","data":{"resultType":"matrix","result":[
              {"metric":{"namespace":"nlp","pod":"nb-0","series":"memory"},"values":[[1795970000,"6771"],[1795970030,"NaN"]]},
              {"metric":{"namespace":"nlp","pod":"nb-0","series":"compute"},"values":[[1795970000.5,"0.09"]]}]}}""";

    HttpServer server;
    final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void readsSeriesAndAsksAgainOnlyAfterTheCache() throws IOException {
        PrometheusClient client = client(serve(MATRIX, 0), Duration.ofSeconds(2));
        Instant now = Instant.ofEpochSecond(1_795_970_100);
        List<PromSeries> answer = client.range("up", now.minusSeconds(60), now, Duration.ofSeconds(30));
        assertThat(answer).hasSize(2);
        assertThat(answer.getFirst().label("series")).isEqualTo("memory");
        assertThat(answer.getFirst().samples()).as("NaN dropped").hasSize(1);
        assertThat(answer.get(1).samples().getFirst().at()).isEqualTo(Instant.ofEpochMilli(1_795_970_000_500L));
        client.range("up", now.minusSeconds(60), now.plusSeconds(1), Duration.ofSeconds(30));
        assertThat(requests)
                .as("the same question within seconds is answered from the cache")
                .hasValue(1);
        assertThat(client.requestsSent()).isEqualTo(1);
        client.range("other", now.minusSeconds(60), now, Duration.ofSeconds(30));
        assertThat(client.requestsSent()).isEqualTo(2);
    }

    @Test
    void aSlowPrometheusIsUnavailableAfterTheTimeout() throws IOException {
        PrometheusClient client = client(serve(MATRIX, 3_000), Duration.ofMillis(300));
        long started = System.nanoTime();
        assertThatThrownBy(() -> client.instant("up", Instant.now()))
                .isInstanceOf(MetricsUnavailableException.class)
                .hasMessage("Prometheus did not answer within 300 ms");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
    }

    @Test
    void aStoppedPrometheusOrAnErrorIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        PrometheusClient down = client("http://127.0.0.1:" + closedPort, Duration.ofSeconds(1));
        assertThatThrownBy(() -> down.instant("up", Instant.now()))
                .isInstanceOf(MetricsUnavailableException.class)
                .hasMessageStartingWith("Prometheus cannot be reached");
        PrometheusClient failing =
                client(serve("{\"status\":\"error\",\"error\":\"parse error at char 3\"}", 0), Duration.ofSeconds(1));
        assertThatThrownBy(() -> failing.instant("up(", Instant.now()))
                .isInstanceOf(MetricsUnavailableException.class)
                .hasMessage("Prometheus: parse error at char 3");
    }

    @Test
    void withoutAUrlNothingIsAsked() {
        PrometheusClient client = new PrometheusClient(new MetricsProperties(" ", null, null));
        assertThat(client.configured()).isFalse();
        assertThatThrownBy(() -> client.instant("up", Instant.now())).isInstanceOf(MetricsUnavailableException.class);
    }

    private String serve(String body, long delayMillis) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/", exchange -> {
            requests.incrementAndGet();
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body.contains("\"error\"") ? 400 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static PrometheusClient client(String url, Duration timeout) {
        return new PrometheusClient(new MetricsProperties(url, timeout, Duration.ofSeconds(15)));
    }
}
