package dev.gpuportal.testsupport.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

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
    }

    @AfterAll
    static void theChartsRolesAllowedEverythingThePortalDid() {
        assertThat(cluster.forbiddenRequests(SimulatedCluster.PORTAL_USER, auditMark))
                .as("requests of the portal that its ServiceAccount may not make: add them to the Helm chart's"
                        + " deploy/gpu-portal/files/*-rules.yaml if the portal needs them")
                .isEmpty();
    }
}
