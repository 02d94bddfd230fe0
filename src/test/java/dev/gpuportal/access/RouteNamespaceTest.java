package dev.gpuportal.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The routes and the port-forward line name a tenant's namespace as the cluster has it, prefix included. */
@SpringBootTest(properties = "gpu-portal.kubernetes.namespace-prefix=team-")
class RouteNamespaceTest {

    @Autowired
    WorkloadUpstream upstream;

    @Test
    void theNamespaceOfATenantCarriesTheConfiguredPrefix() {
        assertThat(upstream.namespaceOf("nlp")).isEqualTo("team-nlp");
        Connection connection = Connection.of(
                "https://portal.example.org", RouteKind.NOTEBOOKS, "nlp", "lab", upstream.namespaceOf("nlp"));
        assertThat(connection.portForward()).startsWith("kubectl -n team-nlp port-forward svc/lab ");
    }
}
