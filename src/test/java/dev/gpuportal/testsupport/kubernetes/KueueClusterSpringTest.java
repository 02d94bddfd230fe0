package dev.gpuportal.testsupport.kubernetes;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of Spring integration tests of GPU sharing: a cluster that runs Kueue, registered as "kueue-sim", with its own
 * Spring context. It is a cluster of its own (not the one {@link SimulatedClusterSpringTest} shares), so that two
 * portal contexts never manage the same cluster, and so that Kueue's admission changes nothing for the other tests.
 */
@SpringBootTest
public abstract class KueueClusterSpringTest {

    protected static final SimulatedCluster cluster = SimulatedCluster.withKueue();

    @DynamicPropertySource
    static void kueueCluster(DynamicPropertyRegistry registry) {
        registry.add("gpu-portal.kubernetes.clusters[0].name", () -> "kueue-sim");
        registry.add(
                "gpu-portal.kubernetes.clusters[0].kubeconfig",
                () -> cluster.kubeconfig().toString());
    }
}
