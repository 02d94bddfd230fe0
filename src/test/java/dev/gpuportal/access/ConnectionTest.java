package dev.gpuportal.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionTest {

    @Test
    void aNotebookOpensAtItsRouteAndForwardsToLocalPort8888() {
        Connection c = Connection.of("https://gpu.example.org", RouteKind.NOTEBOOKS, "nlp", "explore", "team-nlp");
        assertThat(c.url()).isEqualTo("https://gpu.example.org/t/nlp/notebooks/explore/");
        assertThat(c.portForward()).isEqualTo("kubectl -n team-nlp port-forward svc/explore 8888:80");
        assertThat(c.curl()).isEmpty();
    }

    @Test
    void anEndpointComesWithCallsThatCarryAKeyPlaceholderNeverAKey() {
        Connection c = Connection.of("http://localhost:8080", RouteKind.ENDPOINTS, "nlp", "ranker", "nlp");
        assertThat(c.url()).isEqualTo("http://localhost:8080/t/nlp/endpoints/ranker/");
        assertThat(c.curl())
                .isEqualTo(
                        "curl -H \"Authorization: Bearer $GPU_PORTAL_KEY\" http://localhost:8080/t/nlp/endpoints/ranker/");
        assertThat(c.python())
                .contains("requests.get(")
                .contains("\"http://localhost:8080/t/nlp/endpoints/ranker/\"")
                .contains("os.environ[\"GPU_PORTAL_KEY\"]");
        assertThat(c.portForward()).isEqualTo("kubectl -n nlp port-forward svc/ranker 8080:80");
    }
}
