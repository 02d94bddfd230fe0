package dev.gpuportal.testsupport.kubernetes;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of Spring integration tests that manage the simulated cluster, registered as cluster "sim". All subclasses
 * share one Spring context (with a web server, for the routes to workloads) and one cluster: a second portal context
 * on the same cluster would contend for the reconcilers' lease and prune what the first one made.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "gpu-portal.access.upstream-timeout=5s")
public abstract class SimulatedClusterSpringTest {

    protected static final SimulatedCluster cluster = SimulatedCluster.shared();

    @DynamicPropertySource
    static void simulatedCluster(DynamicPropertyRegistry registry) {
        registry.add("gpu-portal.kubernetes.clusters[0].name", () -> "sim");
        registry.add(
                "gpu-portal.kubernetes.clusters[0].kubeconfig",
                () -> cluster.kubeconfig().toString());
        // GPU metrics from the Prometheus beside the cluster; without it the portal runs with metrics "not configured"
        cluster.prometheusUrl().ifPresent(url -> registry.add("gpu-portal.metrics.prometheus-url", () -> url));
    }
}
