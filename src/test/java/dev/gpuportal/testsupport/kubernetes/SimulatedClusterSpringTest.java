package dev.gpuportal.testsupport.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of Spring integration tests that manage the simulated cluster, registered as cluster "sim". All subclasses
 * share one Spring context (with a web server, for the routes to workloads) and one cluster: a second portal context
 * on the same cluster would contend for the reconcilers' lease and prune what the first one made.
 *
 * <p>The portal reaches the cluster as the Helm chart's ServiceAccount with the chart's least-privilege roles, as it
 * does when deployed; each test class fails when the API server refused the portal anything during it.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "gpu-portal.access.upstream-timeout=5s")
public abstract class SimulatedClusterSpringTest {

    protected static final SimulatedCluster cluster = SimulatedCluster.shared();

    private static int auditMark;

    /** Audit-log lines during which the API server restarted: its authorizer refuses everyone until it has synced. */
    private static int[] restartWindow;

    @DynamicPropertySource
    static void simulatedCluster(DynamicPropertyRegistry registry) {
        registry.add("gpu-portal.kubernetes.clusters[0].name", () -> "sim");
        registry.add(
                "gpu-portal.kubernetes.clusters[0].kubeconfig",
                () -> cluster.portalKubeconfig().toString());
        // GPU metrics from the Prometheus beside the cluster; without it the portal runs with metrics "not configured"
        cluster.prometheusUrl().ifPresent(url -> registry.add("gpu-portal.metrics.prometheus-url", () -> url));
    }

    @BeforeAll
    static void markAuditLog() {
        auditMark = cluster.auditLogLines();
        restartWindow = null;
    }

    /**
     * Stops the API server for {@code down} and starts it again, then waits until its authorizer answers for the
     * portal's account again: a restarted API server refuses every request until its RBAC caches are filled, so what
     * the portal was refused in that window says nothing about the chart's roles and is left out of the check.
     */
    protected static void restartApiServer(Duration down) {
        int from = cluster.auditLogLines();
        cluster.restartApiServer(down);
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> cluster.admin()
                        .authorization()
                        .v1()
                        .subjectAccessReview()
                        .create(new SubjectAccessReviewBuilder()
                                .withNewSpec()
                                .withUser(SimulatedCluster.PORTAL_USER)
                                .withGroups("system:serviceaccounts", "system:authenticated")
                                .withNewResourceAttributes()
                                .withVerb("get")
                                .withResource("secrets")
                                .endResourceAttributes()
                                .endSpec()
                                .build())
                        .getStatus()
                        .getAllowed());
        restartWindow = new int[] {from, cluster.auditLogLines()};
    }

    /**
     * Runs {@code refusing}, which makes the API server refuse the portal on purpose (e.g. a role binding taken away),
     * and leaves what was refused meanwhile out of the check.
     */
    protected static void refusalsExpected(Runnable refusing) {
        int from = cluster.auditLogLines();
        refusing.run();
        restartWindow = new int[] {from, cluster.auditLogLines()};
    }

    @AfterAll
    static void theChartsRolesAllowedEverythingThePortalDid() {
        List<String> refused = new ArrayList<>();
        if (restartWindow == null) {
            refused.addAll(cluster.forbiddenRequests(SimulatedCluster.PORTAL_USER, auditMark));
        } else {
            refused.addAll(cluster.forbiddenRequests(SimulatedCluster.PORTAL_USER, auditMark, restartWindow[0]));
            refused.addAll(cluster.forbiddenRequests(SimulatedCluster.PORTAL_USER, restartWindow[1]));
        }
        assertThat(refused)
                .as("requests of the portal that its ServiceAccount may not make: add them to the Helm chart's"
                        + " deploy/gpu-portal/files/*-rules.yaml if the portal needs them")
                .isEmpty();
    }
}
