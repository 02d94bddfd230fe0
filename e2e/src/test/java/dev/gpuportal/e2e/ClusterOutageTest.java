package dev.gpuportal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One of two clusters stops answering for a long while (its API server frozen with SIGSTOP; time compressed by a
 * 2 s probe interval): the portal (the production jar) marks that cluster's tenants unreachable in the API and the
 * console, while tenants on the other cluster are unaffected and new ones there are provisioned as usual; a tenant
 * created for the frozen cluster meanwhile is accepted and provisioned there once it answers again, and the mark
 * goes away.
 */
class ClusterOutageTest {

    static final Duration OUTAGE = Duration.ofSeconds(75);

    Path work;

    @Test
    void aClusterThatStopsAnsweringMarksItsTenantsAndCatchesUpAfterWhileOthersCarryOn() throws Exception {
        work = Files.createTempDirectory("gpu-portal-cluster-outage");
        Deque<AutoCloseable> started = new ArrayDeque<>();
        long frozen = -1;
        try {
            Path a = cluster("a", started);
            Path b = cluster("b", started);
            Replica portal = Replica.start(
                    "portal",
                    work,
                    Map.of(),
                    List.of(
                            "--spring.datasource.url=jdbc:h2:mem:cluster-outage",
                            "--gpu-portal.tenants-dir=" + work.resolve("no-tenant-files"),
                            "--gpu-portal.kubernetes.clusters[0].name=a",
                            "--gpu-portal.kubernetes.clusters[0].kubeconfig=" + a,
                            "--gpu-portal.kubernetes.clusters[1].name=b",
                            "--gpu-portal.kubernetes.clusters[1].kubeconfig=" + b,
                            "--gpu-portal.kubernetes.probe-interval=2s",
                            "--gpu-portal.kubernetes.resync-interval=3s"));
            started.push(portal);
            portal.awaitReady(Duration.ofMinutes(4));
            String admin = demoToken(portal, "admin");
            createTenant(portal, admin, "on-a", "a");
            createTenant(portal, admin, "on-b", "b");
            awaitNamespace(a, "on-a", Duration.ofMinutes(2));
            awaitNamespace(b, "on-b", Duration.ofMinutes(2));

            frozen = apiServerPid(b);
            signal("STOP", frozen);
            long frozenAt = System.nanoTime();
            awaitPhase(portal, admin, "on-b", "b", "unreachable", Duration.ofSeconds(60));
            assertThat(tenant(portal, admin, "on-b")).contains("does not answer");
            assertThat(phaseOf(tenant(portal, admin, "on-a"), "a")).isEqualTo("ready");

            // the other cluster's tenants go on as usual, and new ones are provisioned there
            createTenant(portal, admin, "new-on-a", "a");
            awaitNamespace(a, "new-on-a", Duration.ofSeconds(60));
            awaitPhase(portal, admin, "new-on-a", "a", "ready", Duration.ofSeconds(60));
            // a tenant for the frozen cluster is accepted now and provisioned there once it answers
            createTenant(portal, admin, "new-on-b", "b");

            Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - frozenAt) / 1_000_000));
            assertThat(phaseOf(tenant(portal, admin, "on-b"), "b")).isEqualTo("unreachable");
            signal("CONT", frozen);
            frozen = -1;

            awaitNamespace(b, "new-on-b", Duration.ofMinutes(2));
            awaitPhase(portal, admin, "new-on-b", "b", "ready", Duration.ofMinutes(2));
            awaitPhase(portal, admin, "on-b", "b", "ready", Duration.ofSeconds(60));
        } finally {
            if (frozen > 0) {
                signal("CONT", frozen);
            }
            while (!started.isEmpty()) {
                try {
                    started.pop().close();
                } catch (Exception stopping) {
                    System.err.println("Stopping a part of the cluster outage test failed: " + stopping);
                }
            }
        }
    }

    /** A simulated cluster without nodes (tenants need none); returns its kubeconfig. */
    private Path cluster(String name, Deque<AutoCloseable> started) throws Exception {
        Path dir = work.resolve(name);
        started.push(() -> Stack.run("bash", Stack.REPO.resolve("e2e/cluster/down.sh").toString(), dir.toString()));
        return Path.of(Stack.lastLine(Stack.runWith(
                Map.of("GPU_PORTAL_NODE_FILES", "", "GPU_PORTAL_SIMULATED_VOLUMES", "0"),
                "bash",
                Stack.REPO.resolve("e2e/cluster/up.sh").toString(),
                dir.toString())));
    }

    private static long apiServerPid(Path kubeconfig) throws Exception {
        return Files.readAllLines(kubeconfig.resolveSibling("run/pids")).stream()
                .map(line -> line.split(" "))
                .filter(parts -> parts.length == 2 && parts[1].equals("kube-apiserver"))
                .mapToLong(parts -> Long.parseLong(parts[0]))
                .findFirst()
                .orElseThrow();
    }

    private static void signal(String signal, long pid) throws Exception {
        Stack.run("kill", "-" + signal, Long.toString(pid));
    }

    private static void createTenant(Replica portal, String token, String slug, String cluster) throws Exception {
        var response = Stack.HTTP.send(
                HttpRequest.newBuilder(portal.uri("/api/v1/tenants"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"slug\":\"" + slug + "\",\"displayName\":\"" + slug
                                + "\",\"isolationTier\":\"shared\",\"clusters\":[\"" + cluster + "\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static String tenant(Replica portal, String token, String slug) throws Exception {
        var response = Stack.HTTP.send(
                HttpRequest.newBuilder(portal.uri("/api/v1/tenants/" + slug))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** The tenant's phase on a cluster as the API reports it ("" when not reported). */
    private static String phaseOf(String tenantJson, String cluster) {
        Matcher phase = Pattern.compile("\\{\"cluster\":\"" + cluster + "\",\"phase\":\"([a-z]+)\"")
                .matcher(tenantJson);
        return phase.find() ? phase.group(1) : "";
    }

    private static void awaitPhase(Replica portal, String token, String slug, String cluster, String phase, Duration limit)
            throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = tenant(portal, token, slug);
            if (phaseOf(last, cluster).equals(phase)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(slug + " not " + phase + " on " + cluster + " within " + limit.toSeconds() + " s: " + last);
    }

    private static void awaitNamespace(Path kubeconfig, String name, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> command = new ArrayList<>(List.of(
                    System.getProperty("user.home") + "/.cache/gpu-portal/k8s/v1.37.2/bin/kubectl",
                    "--kubeconfig", kubeconfig.toString(), "get", "namespace", name, "-o", "name"));
            Process get = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(get.getInputStream().readAllBytes());
            if (get.waitFor() == 0 && out.contains("namespace/" + name)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("No namespace " + name + " within " + limit.toSeconds() + " s");
    }

    private static String demoToken(Replica portal, String user) throws Exception {
        var response = Stack.HTTP.send(
                HttpRequest.newBuilder(portal.uri("/api/v1/demo-tokens"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"" + user + "\",\"password\":\"demo\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        assertThat(token.find()).as(response.body()).isTrue();
        return token.group(1);
    }
}
