package dev.gpuportal.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoutePathsTest {

    @Test
    void aNotebookRouteKeepsItsWholePathForJupyterWhichServesUnderThePrefix() {
        Route route =
                RoutePaths.parse("/t/nlp/notebooks/explore/api/kernels", "a=1").orElseThrow();
        assertThat(route.kind()).isEqualTo(RouteKind.NOTEBOOKS);
        assertThat(route.tenant()).isEqualTo("nlp");
        assertThat(route.workload()).isEqualTo("explore");
        assertThat(route.base()).isEqualTo("/t/nlp/notebooks/explore/");
        assertThat(route.upstreamPathAndQuery()).isEqualTo("/t/nlp/notebooks/explore/api/kernels?a=1");
    }

    @Test
    void anEndpointRouteGivesTheModelServerOnlyTheRest() {
        Route route = RoutePaths.parse("/t/nlp/endpoints/ranker/v2/models/m/infer", null)
                .orElseThrow();
        assertThat(route.upstreamPathAndQuery()).isEqualTo("/v2/models/m/infer");
        assertThat(RoutePaths.parse("/t/nlp/endpoints/ranker/", null)
                        .orElseThrow()
                        .upstreamPathAndQuery())
                .isEqualTo("/");
    }

    @Test
    void theNameWithoutTrailingSlashIsARouteWithNoRestSoTheCallerRedirects() {
        assertThat(RoutePaths.parse("/t/nlp/notebooks/explore", null)
                        .orElseThrow()
                        .rest())
                .isEmpty();
    }

    @Test
    void aTokenInTheQueryIsDroppedTheNotebookGetsItsOwn() {
        Route route = RoutePaths.parse("/t/nlp/notebooks/explore/lab", "token=guess&reset&TOKEN=x&b=2")
                .orElseThrow();
        assertThat(route.query()).isEqualTo("reset&b=2");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/t/nlp/notebooks/explore/../../other/notebooks/x/",
                "/t/nlp/notebooks/explore/a/../../../recsys/notebooks/x/",
                "/t/nlp/notebooks/explore/%2e%2e/x",
                "/t/nlp/notebooks/explore/%2E./x",
                "/t/nlp/notebooks/explore/./api",
                "/t/nlp/notebooks/explore/a%2f..%2f..%2fx",
                "/t/nlp/notebooks/explore/a%2F..",
                "/t/nlp/notebooks/explore/a%5c..%5cx",
                "/t/nlp/notebooks/explore/a\\..\\x",
                "/t/nlp/notebooks/explore/a%00b",
                "/t/nlp/notebooks/explore/%zz",
                "/t/../recsys/notebooks/x/",
                "/t/nlp/notebooks/../endpoints/x/",
                "/t/NLP/notebooks/explore/",
                "/t/nlp/notebooks/ex%70lore/",
                "/t/nlp/terminals/explore/",
                "/t/nlp/notebooks/",
                "/t/nlp",
                "/api/v1/workloads"
            })
    void pathTricksAreRefusedNotRepaired(String path) {
        assertThat(RoutePaths.parse(path, null)).isEmpty();
    }

    @Test
    void theUpstreamPathAlwaysStartsWithTheRoutesOwnPrefix() {
        for (String rest : new String[] {"", "x", "a/b/c", "%20name.ipynb", "files/a..b", "api/contents/a%20b"}) {
            Optional<Route> route = RoutePaths.parse("/t/nlp/notebooks/explore/" + rest, null);
            assertThat(route).isPresent();
            assertThat(route.get().upstreamPathAndQuery()).startsWith("/t/nlp/notebooks/explore/");
        }
    }
}
