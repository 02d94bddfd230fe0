package dev.gpuportal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarted under load, the portal being the production jar: while the database is down every API
 * request ends within seconds with a 503 problem that says why and when to try again (never a 500, never a hang),
 * and once the database is back the pool reconnects by itself and requests succeed again, writes included.
 */
class DatabaseRestartTest {

    static final Duration HANG = Duration.ofSeconds(20);

    record Answer(long atMillis, int status, long tookMillis, String contentType, String retryAfter, String body) {}

    @Test
    void theApiAnswers503WithRetryAfterWhileTheDatabaseRestartsAndRecoversAfter() throws Exception {
        Path work = Files.createTempDirectory("gpu-portal-db-restart");
        Path data = work.resolve("pg");
        int port = Replica.freePort();
        EmbeddedPostgres postgres = database(data, port);
        try (Replica portal = Replica.start(
                "portal",
                work,
                Map.of(),
                List.of(
                        "--spring.datasource.url=jdbc:postgresql://localhost:" + port + "/postgres",
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=",
                        "--gpu-portal.tenants-dir=" + work.resolve("no-tenant-files")))) {
            portal.awaitReady(Duration.ofMinutes(4));
            String token = demoToken(portal);
            long start = System.nanoTime();
            var answers = new ConcurrentLinkedQueue<Answer>();
            var stop = new AtomicBoolean();
            List<Thread> clients = List.of(1, 2, 3).stream()
                    .map(i -> Thread.ofVirtual().start(() -> {
                        while (!stop.get()) {
                            answers.add(call(portal, token, start));
                        }
                    }))
                    .toList();

            Thread.sleep(3000);
            postgres.close(); // a fast shutdown: the pool's connections are cut
            long downAt = millisSince(start);
            Thread.sleep(12_000);
            postgres = database(data, port);
            long upAt = millisSince(start);
            long recovered = awaitSuccessAfter(answers, upAt, Duration.ofSeconds(60));
            String created = post(portal, token);
            stop.set(true);
            for (Thread client : clients) {
                client.join(HANG.plusSeconds(5));
            }

            List<Answer> outage = answers.stream()
                    .filter(a -> a.atMillis() > downAt + 1000 && a.atMillis() + a.tookMillis() < upAt)
                    .toList();
            System.out.printf(
                    "DB-RESTART %d answers, %d while the database was down (%s), recovered %d ms after it was back%n",
                    answers.size(),
                    outage.size(),
                    outage.stream().map(a -> Integer.toString(a.status())).distinct().toList(),
                    recovered - upAt);
            assertThat(answers).allSatisfy(a -> {
                assertThat(a.status()).as(a.toString()).isIn(200, 503);
                assertThat(a.tookMillis()).as("no request hangs: " + a).isLessThan(HANG.toMillis());
            });
            assertThat(outage).isNotEmpty().allSatisfy(a -> {
                assertThat(a.status()).as(a.toString()).isEqualTo(503);
                assertThat(a.contentType()).isEqualTo("application/problem+json");
                assertThat(a.retryAfter()).isEqualTo("5");
                assertThat(a.body()).contains("database does not answer");
            });
            assertThat(created).contains("\"name\":\"after-restart\"");
        } finally {
            postgres.close();
        }
    }

    private static EmbeddedPostgres database(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    private static Answer call(Replica portal, String token, long start) {
        long at = millisSince(start);
        try {
            var response = Stack.HTTP.send(
                    HttpRequest.newBuilder(portal.uri("/api/v1/workloads?tenant=nlp"))
                            .header("Authorization", "Bearer " + token)
                            .timeout(HANG)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    at,
                    response.statusCode(),
                    millisSince(start) - at,
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After").orElse(""),
                    response.body());
        } catch (HttpTimeoutException hung) {
            return new Answer(at, 0, HANG.toMillis(), "", "", "no answer within " + HANG.toSeconds() + " s");
        } catch (IOException | InterruptedException e) {
            return new Answer(at, -1, millisSince(start) - at, "", "", e.toString());
        }
    }

    /** The time of the first 200 that began after {@code upAt}. */
    private static long awaitSuccessAfter(ConcurrentLinkedQueue<Answer> answers, long upAt, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            var ok = answers.stream()
                    .filter(a -> a.atMillis() >= upAt && a.status() == 200)
                    .mapToLong(Answer::atMillis)
                    .min();
            if (ok.isPresent()) {
                return ok.getAsLong();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("The API did not recover within " + limit.toSeconds() + " s of the database");
    }

    private static String post(Replica portal, String token) throws Exception {
        var response = Stack.HTTP.send(
                HttpRequest.newBuilder(portal.uri("/api/v1/workloads"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .timeout(HANG)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"training\",\"tenant\":\"nlp\","
                                + "\"name\":\"after-restart\",\"image\":\"nvcr.io/nvidia/pytorch:26.10-py3\","
                                + "\"command\":[\"python\",\"train.py\"],\"cpu\":\"1\",\"memory\":\"1Gi\",\"checkpoint\":\"1Gi\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response.body();
    }

    private static String demoToken(Replica portal) throws Exception {
        var response = Stack.HTTP.send(
                HttpRequest.newBuilder(portal.uri("/api/v1/demo-tokens"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"nina\",\"password\":\"demo\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        assertThat(token.find()).as(response.body()).isTrue();
        return token.group(1);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
