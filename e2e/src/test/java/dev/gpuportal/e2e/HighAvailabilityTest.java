package dev.gpuportal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two portal processes (the production jar) on one PostgreSQL and one simulated cluster, with Keycloak's tokens:
 * workloads are submitted through the REST API all along, alternately to either replica as a load balancer would,
 * while one replica is killed with SIGKILL at a random moment, started again, and then the other one is killed.
 * A request the dying replica did not answer is retried on the other with the same Idempotency-Key. Every
 * submission ends accepted exactly once, the survivor takes the leader lease each time, and every workload is
 * reconciled onto the cluster once.
 */
class HighAvailabilityTest {

    static final Duration LEASE = Duration.ofSeconds(6);
    static final Duration START_LIMIT = Duration.ofMinutes(4);
    static final Duration PACE = Duration.ofMillis(1000);
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    final long seed = System.nanoTime();
    final Random random = new Random(seed);
    final String lease = "ha-test-" + ProcessHandle.current().pid();

    Path work;
    Path kubeconfig;
    String issuer;

    @Test
    void killingEitherReplicaAtAnyMomentLosesAndDuplicatesNoSubmission() throws Exception {
        System.out.println("HA random seed " + seed);
        work = Files.createTempDirectory("gpu-portal-ha");
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            kubeconfig = Path.of(Stack.lastLine(
                    Stack.run("bash", Stack.REPO.resolve("e2e/cluster/up.sh").toString(), work.resolve("cluster").toString())));
            started.push(() -> Stack.run("bash", Stack.REPO.resolve("e2e/cluster/down.sh").toString(), work.resolve("cluster").toString()));
            started.push(() -> Stack.run("bash", Stack.REPO.resolve("e2e/keycloak/stop.sh").toString(), work.resolve("keycloak").toString()));
            issuer = Stack.lastLine(Stack.run(
                    "bash", Stack.REPO.resolve("e2e/keycloak/start.sh").toString(), Integer.toString(Replica.freePort()),
                    work.resolve("keycloak").toString()));
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            started.push(postgres);

            Replica a = replica("portal-a", postgres);
            started.push(a);
            Replica b = replica("portal-b", postgres);
            started.push(b);
            a.awaitReady(START_LIMIT);
            b.awaitReady(START_LIMIT);
            createTenant(a);

            Submitter submitter = new Submitter(List.of(a, b));
            List<Thread> clients = List.of(
                    Thread.ofVirtual().start(submitter::run), Thread.ofVirtual().start(submitter::run));

            failOver(a, b, submitter);
            failOver(b, a, submitter);
            pause(Duration.ofSeconds(3));
            submitter.stop.set(true);
            for (Thread client : clients) {
                client.join(Duration.ofMinutes(2));
            }

            System.out.printf(
                    "HA %d submissions accepted (%d retried on the other replica after a refused or cut request, %d of those"
                            + " answered 200 with the workload the killed one had created), %d failed%n",
                    submitter.accepted.size(),
                    submitter.retried.get(),
                    submitter.replayed.get(),
                    submitter.failures.size());
            assertThat(submitter.failures).as("submissions that never got an answer").isEmpty();
            assertThat(submitter.accepted).hasSizeGreaterThan(10);
            Map<String, Long> listed = listedWorkloads(a, submitter.accepted.size());
            assertThat(listed).as("each accepted submission once, with the id it was answered with")
                    .containsExactlyInAnyOrderEntriesOf(submitter.accepted);
            awaitJobs(submitter.accepted.values());
        } finally {
            while (!started.isEmpty()) {
                try {
                    started.pop().close();
                } catch (Exception stopping) {
                    System.err.println("Stopping a part of the HA test failed: " + stopping);
                }
            }
        }
    }

    /** Kills {@code victim} at a random moment, checks that {@code survivor} leads and answers, restarts the victim. */
    private void failOver(Replica victim, Replica survivor, Submitter submitter) throws Exception {
        submitter.awaitMore(5, Duration.ofSeconds(90)); // load is flowing through both replicas
        int before = submitter.accepted.size();
        pause(Duration.ofMillis(1000 + random.nextInt(6000)));
        victim.kill();
        System.out.printf("HA killed %s after %d accepted submissions%n", victim.name, submitter.accepted.size());
        long killedAt = System.nanoTime();
        awaitCondition(LEASE.plusSeconds(60), () -> holder().startsWith(survivor.leaseHolderPrefix()));
        System.out.printf(
                "HA %s holds the lease %d ms after the kill%n", survivor.name, (System.nanoTime() - killedAt) / 1_000_000);
        submitter.awaitMore(5, Duration.ofSeconds(60)); // the survivor alone takes the load
        victim.start();
        victim.awaitReady(START_LIMIT);
    }

    private Replica replica(String name, EmbeddedPostgres postgres) throws IOException {
        return Replica.start(
                name,
                work,
                Map.of(
                        "SPRING_PROFILES_ACTIVE", "postgres",
                        "GPU_PORTAL_DB_URL", postgres.getJdbcUrl("postgres", "postgres"),
                        "GPU_PORTAL_DB_USER", "postgres",
                        "GPU_PORTAL_DB_PASSWORD", "",
                        "OIDC_ISSUER_URI", issuer,
                        "OIDC_CLIENT_SECRET", "gpu-portal-dev-secret",
                        "KUBECONFIG", kubeconfig.toString()),
                List.of(
                        "--gpu-portal.tenants-dir=" + work.resolve("no-tenant-files"),
                        "--gpu-portal.kubernetes.resync-interval=3s",
                        "--gpu-portal.leader-election.lease-name=" + lease,
                        "--gpu-portal.leader-election.lease-duration=" + LEASE.toSeconds() + "s",
                        "--gpu-portal.leader-election.renew-deadline=4s",
                        "--gpu-portal.leader-election.retry-period=1s"));
    }

    private void createTenant(Replica replica) throws Exception {
        var created = post(replica, "/api/v1/tenants", token("admin"),
                "{\"slug\":\"ha\",\"displayName\":\"High availability\",\"allowedRegions\":[\"eu-central\"],"
                        + "\"clusters\":[\"default\"],\"members\":[{\"type\":\"group\",\"subject\":\"nlp-team\",\"role\":\"member\"}],"
                        + "\"quota\":{\"gpus\":\"1\",\"cpu\":\"64\",\"memory\":\"256Gi\",\"storage\":\"1Ti\",\"maxWorkloads\":\"2000\"}}",
                null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    /** Submits training jobs until stopped, one at a time per client thread, each with its own Idempotency-Key. */
    final class Submitter {

        final List<Replica> replicas;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger turn = new AtomicInteger();
        final AtomicInteger retried = new AtomicInteger();
        final AtomicInteger replayed = new AtomicInteger();
        final Map<String, Long> accepted = new ConcurrentHashMap<>();
        final Collection<String> failures = new ConcurrentLinkedQueue<>();
        volatile String token;
        volatile long tokenAt;

        Submitter(List<Replica> replicas) {
            this.replicas = replicas;
        }

        void run() {
            while (!stop.get()) {
                String name = "job-" + next.getAndIncrement();
                try {
                    submit(name);
                    Thread.sleep(PACE); // a steady stream, not a flood: the test is about kills, not throughput
                } catch (Exception | AssertionError e) {
                    failures.add(name + ": " + e);
                }
            }
        }

        /** Round robin over both replicas; a refused, cut or 5xx answer is retried on the other one with the key. */
        private void submit(String name) throws Exception {
            String body = "{\"kind\":\"training\",\"tenant\":\"ha\",\"name\":\"" + name + "\","
                    + "\"image\":\"nvcr.io/nvidia/pytorch:26.10-py3\",\"command\":[\"python\",\"train.py\"],"
                    + "\"cpu\":\"0.1\",\"memory\":\"128Mi\",\"checkpoint\":\"1Gi\"}";
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            List<String> attempts = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                Replica target = replicas.get(Math.floorMod(turn.getAndIncrement(), replicas.size()));
                try {
                    var response = post(target, "/api/v1/workloads", currentToken(), body, name);
                    if (response.statusCode() == 201 || response.statusCode() == 200) {
                        Matcher id = ID.matcher(response.body());
                        assertThat(id.find()).as(response.body()).isTrue();
                        Long earlier = accepted.putIfAbsent(name, Long.parseLong(id.group(1)));
                        assertThat(earlier).as("accepted twice: " + name).isNull();
                        if (!attempts.isEmpty()) {
                            retried.incrementAndGet();
                        }
                        if (response.statusCode() == 200) {
                            replayed.incrementAndGet(); // the killed replica had created it before it died
                        }
                        return;
                    }
                    if (response.statusCode() < 500) {
                        failures.add(name + ": " + response.statusCode() + " " + response.body());
                        return;
                    }
                    attempts.add(target.name + " " + response.statusCode());
                } catch (IOException unreachable) {
                    attempts.add(target.name + " " + unreachable);
                }
                Thread.sleep(attempts.size() % replicas.size() == 0 ? 500 : 0);
            }
            failures.add(name + ": no answer; attempts " + attempts);
        }

        /** Waits until {@code more} further submissions are accepted; fails with the refusals seen so far. */
        void awaitMore(int more, Duration limit) throws Exception {
            int target = accepted.size() + more;
            long deadline = System.nanoTime() + limit.toNanos();
            while (accepted.size() < target) {
                if (System.nanoTime() > deadline || !failures.isEmpty()) {
                    throw new AssertionError("Only " + accepted.size() + " submissions accepted; failures: "
                            + failures.stream().limit(5).toList());
                }
                Thread.sleep(200);
            }
        }

        private String currentToken() throws Exception {
            if (token == null || System.nanoTime() - tokenAt > Duration.ofSeconds(60).toNanos()) {
                token = token("nina");
                tokenAt = System.nanoTime();
            }
            return token;
        }
    }

    private HttpResponse<String> post(Replica replica, String path, String token, String json, String key)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(replica.uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return Stack.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The tenant's workloads as the API lists them, page by page: name → id. */
    private Map<String, Long> listedWorkloads(Replica replica, int expected) throws Exception {
        Map<String, Long> listed = new ConcurrentHashMap<>();
        Pattern item = Pattern.compile("\"id\"\\s*:\\s*(\\d+)[^{}]*?\"name\"\\s*:\\s*\"(job-\\d+)\"");
        int found = 0;
        for (int page = 0; ; page++) {
            var response = Stack.HTTP.send(
                    HttpRequest.newBuilder(replica.uri("/api/v1/workloads?tenant=ha&size=500&page=" + page))
                            .header("Authorization", "Bearer " + token("nina"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            Matcher workload = item.matcher(response.body());
            int onPage = 0;
            while (workload.find()) {
                onPage++;
                assertThat(listed.put(workload.group(2), Long.parseLong(workload.group(1))))
                        .as("listed twice: " + workload.group(2))
                        .isNull();
            }
            found += onPage;
            if (onPage == 0) {
                break;
            }
        }
        assertThat(found).isEqualTo(expected);
        return listed;
    }

    /** Every workload's Job exists on the cluster exactly once (the leader of the moment reconciled it). */
    private void awaitJobs(Collection<Long> ids) throws Exception {
        List<String> expected = ids.stream().map(Object::toString).sorted().toList();
        awaitCondition(Duration.ofMinutes(2), () -> jobWorkloadIds().equals(expected));
        assertThat(jobWorkloadIds()).containsExactlyElementsOf(expected);
    }

    private List<String> jobWorkloadIds() throws Exception {
        return kubectl("get", "jobs", "-n", "ha", "-l", "gpu-portal.dev/workload-id", "-o",
                        "jsonpath={range .items[*]}{.metadata.labels.gpu-portal\\.dev/workload-id}{\"\\n\"}{end}")
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .sorted()
                .toList();
    }

    /** The lease's holder, or "" while there is none (or the API server does not answer). */
    private String holder() throws Exception {
        try {
            return kubectl("get", "lease", "-n", "default", lease, "-o", "jsonpath={.spec.holderIdentity}")
                    .strip();
        } catch (IllegalStateException notYet) {
            return "";
        }
    }

    private String kubectl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("user.home") + "/.cache/gpu-portal/k8s/v1.37.2/bin/kubectl",
                "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        return Stack.run(command.toArray(String[]::new));
    }

    private String token(String user) throws Exception {
        var response = Stack.HTTP.send(
                HttpRequest.newBuilder(java.net.URI.create(issuer + "/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "grant_type=password&client_id=gpu-portal-api&username=" + user + "&password=demo"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        assertThat(token.find()).as(response.body()).isTrue();
        return token.group(1);
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitCondition(Duration limit, Check check) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + limit.toSeconds() + " s");
            }
            Thread.sleep(250);
        }
    }

    private static void pause(Duration duration) throws InterruptedException {
        Thread.sleep(duration);
    }
}
