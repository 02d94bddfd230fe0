package dev.gpuportal.testsupport.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of Spring integration tests of GPU sharing: a cluster that runs Kueue, registered as "kueue-sim", with its own
 * Spring context. It is a cluster of its own (not the one {@link SimulatedClusterSpringTest} shares), so that two
 * portal contexts never manage the same cluster, and so that Kueue's admission changes nothing for the other tests.
 *
 * <p>The portal reaches it as the Helm chart's ServiceAccount with the chart's roles, so each test class fails when
 * the API server refused the portal anything during it, and its requests can be counted in the audit log.
 */
@SpringBootTest
public abstract class KueueClusterSpringTest {

    protected static final SimulatedCluster cluster = SimulatedCluster.withKueue();

    private static int auditMark;

    @DynamicPropertySource
    static void kueueCluster(DynamicPropertyRegistry registry) {
        registry.add("gpu-portal.kubernetes.clusters[0].name", () -> "kueue-sim");
        registry.add(
                "gpu-portal.kubernetes.clusters[0].kubeconfig",
                () -> cluster.portalKubeconfig().toString());
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
