package dev.gpuportal.cluster.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gpuportal.cluster.registry.OwnedLabels;
import dev.gpuportal.testsupport.kubernetes.SimulatedCluster;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Two portal processes on one PostgreSQL and one cluster: 50 tenants are created through the one that does not
 * lead, the leader is killed (SIGKILL, no release of its lease) while it provisions them, and the other takes the
 * lease once it expires and finishes: every tenant ends with exactly its objects, none twice, none left over.
 */
class LeaderFailoverProofIT {

    static final int TENANTS = 50;
    static final Duration LEASE = Duration.ofSeconds(6);
    static final String PREFIX = "fo" + ProcessHandle.current().pid() % 1000 + "-";

    final SimulatedCluster cluster = SimulatedCluster.shared();
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void killingTheLeaderMidProvisioningLetsTheOtherReplicaFinish() throws Exception {
        String lease = "failover-" + ProcessHandle.current().pid();
        List<Portal> portals = new ArrayList<>();
        try (EmbeddedPostgres db = EmbeddedPostgres.builder().start()) {
            String url = db.getJdbcUrl("postgres", "postgres");
            Portal a = new Portal("portal-a", url, lease);
            portals.add(a);
            a.awaitReady(); // the first one migrates the schema and seeds the demo tenants
            Portal b = new Portal("portal-b", url, lease);
            portals.add(b);
            b.awaitReady();

            await().atMost(Duration.ofSeconds(60)).until(() -> holder(lease) != null);
            Portal leader = holder(lease).startsWith("portal-a") ? a : b;
            Portal other = leader == a ? b : a;

            String token = other.demoToken("admin");
            List<String> slugs =
                    IntStream.range(0, TENANTS).mapToObj(i -> PREFIX + i).toList();
            Thread creator = Thread.ofVirtual().start(() -> slugs.forEach(slug -> other.createTenant(token, slug)));
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> ownNamespaces().size() >= 5);
            leader.kill();
            long killedAt = System.nanoTime();
            int doneWhenKilled = ownNamespaces().size();

            await().atMost(LEASE.plusSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> holder(lease).startsWith(other.name));
            long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
            creator.join();
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> slugs.stream().allMatch(this::provisioned));
            System.out.printf(
                    "FAILOVER %d of %d tenants had namespaces when the leader was killed; the other replica held the"
                            + " lease %d ms later (lease %d s) and all %d were provisioned %d ms after the kill%n",
                    doneWhenKilled,
                    TENANTS,
                    takeoverMillis,
                    LEASE.toSeconds(),
                    TENANTS,
                    (System.nanoTime() - killedAt) / 1_000_000);
            assertThat(doneWhenKilled).isLessThan(TENANTS);
            assertThat(ownNamespaces())
                    .extracting(n -> n.getMetadata().getName())
                    .containsExactlyInAnyOrderElementsOf(slugs);
            for (String slug : slugs) {
                assertThat(cluster.admin()
                                .resourceQuotas()
                                .inNamespace(slug)
                                .list()
                                .getItems())
                        .hasSize(1);
                assertThat(cluster.admin()
                                .limitRanges()
                                .inNamespace(slug)
                                .list()
                                .getItems())
                        .hasSize(1);
                assertThat(cluster.admin()
                                .network()
                                .v1()
                                .networkPolicies()
                                .inNamespace(slug)
                                .list()
                                .getItems())
                        .hasSize(3);
            }
        } finally {
            portals.forEach(Portal::kill);
        }
    }

    private List<Namespace> ownNamespaces() {
        return cluster
                .admin()
                .namespaces()
                .withLabel(OwnedLabels.MANAGED_BY, OwnedLabels.MANAGER)
                .list()
                .getItems()
                .stream()
                .filter(n -> n.getMetadata().getName().startsWith(PREFIX))
                .toList();
    }

    /** Namespace there and its quota active. */
    private boolean provisioned(String slug) {
        var quota = cluster.admin()
                .resourceQuotas()
                .inNamespace(slug)
                .withName(TenantManifests.QUOTA_NAME)
                .get();
        return quota != null && quota.getStatus() != null && quota.getStatus().getHard() != null;
    }

    private String holder(String lease) {
        Lease live =
                cluster.admin().leases().inNamespace("default").withName(lease).get();
        return live == null || live.getSpec().getHolderIdentity() == null
                ? null
                : live.getSpec().getHolderIdentity();
    }

    /** A portal process started from the test class path, with its own port and log. */
    final class Portal {

        final String name;
        final int port;
        final Process process;

        Portal(String name, String jdbcUrl, String lease) throws IOException {
            this.name = name;
            try (ServerSocket socket = new ServerSocket(0)) {
                this.port = socket.getLocalPort();
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(
                            java,
                            "-Xmx512m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            "dev.gpuportal.GpuPortalApplication",
                            "--server.port=" + port,
                            "--spring.datasource.url=" + jdbcUrl,
                            "--spring.datasource.username=postgres",
                            "--spring.datasource.password=",
                            "--gpu-portal.kubernetes.clusters[0].name=sim",
                            "--gpu-portal.kubernetes.clusters[0].kubeconfig=" + cluster.kubeconfig(),
                            "--gpu-portal.leader-election.lease-name=" + lease,
                            "--gpu-portal.leader-election.lease-duration=" + LEASE.toSeconds() + "s",
                            "--gpu-portal.leader-election.renew-deadline=4s",
                            "--gpu-portal.leader-election.retry-period=1s",
                            "--gpu-portal.kubernetes.resync-interval=3s",
                            "--gpu-portal.tenants-dir=target/no-tenant-files",
                            "--vaadin.launch-browser=false",
                            "--spring.main.banner-mode=off")
                    .redirectErrorStream(true)
                    .redirectOutput(
                            Path.of("target", "failover-" + name + ".log").toFile());
            builder.environment().put("HOSTNAME", name);
            builder.environment().put("VAADIN_USAGE_STATS_ENABLED", "false");
            this.process = builder.start();
        }

        void awaitReady() {
            await().atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(name + " exited; see target/failover-" + name + ".log");
                        }
                        try {
                            return send(HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                                                    .build())
                                            .statusCode()
                                    == 200;
                        } catch (IOException notYet) {
                            return false;
                        }
                    });
        }

        String demoToken(String user) throws IOException {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/demo-tokens"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"demo\"}"))
                    .build());
            Matcher token =
                    Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
            assertThat(token.find()).as(response.body()).isTrue();
            return token.group(1);
        }

        void createTenant(String token, String slug) {
            try {
                HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/tenants"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"slug\":\"" + slug + "\",\"displayName\":\"" + slug
                                + "\",\"isolationTier\":\"shared\",\"clusters\":[\"sim\"]}"))
                        .build());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private HttpResponse<String> send(HttpRequest request) throws IOException {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        private URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }

        /** SIGKILL: no shutdown hook runs, the lease is not released. */
        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
