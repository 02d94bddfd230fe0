package dev.gpuportal.testsupport.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiServerMetricsTest {

    private static final String TEXT = """
            # HELP apiserver_request_total [STABLE] Counter of apiserver requests
            # TYPE apiserver_request_total counter
            apiserver_request_total{code="201",component="apiserver",dry_run="",group="batch",resource="jobs",scope="resource",subresource="",verb="APPLY",version="v1"} 2000
            apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="cluster",subresource="",verb="LIST",version="v1"} 5.5e+02
            apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="batch",resource="jobs",scope="resource",subresource="",verb="APPLY",version="v1",le="0.1"} 900
            apiserver_request_duration_seconds_sum{component="apiserver",dry_run="",group="batch",resource="jobs",scope="resource",subresource="",verb="APPLY",version="v1"} 230.5
            """;

    @Test
    void readsLabelledSamplesWhoseNameStartsWithThePrefix() {
        var totals = ApiServerMetrics.parse(TEXT, "apiserver_request_total");
        assertThat(totals).hasSize(2);
        assertThat(totals.getFirst().labels()).containsEntry("verb", "APPLY").containsEntry("resource", "jobs");
        assertThat(totals.getFirst().value()).isEqualTo(2000);
        assertThat(totals.get(1).value()).isEqualTo(550);

        var durations = ApiServerMetrics.parse(TEXT, "apiserver_request_duration_seconds_");
        assertThat(durations)
                .extracting(ApiServerMetrics.Sample::name)
                .containsExactly("apiserver_request_duration_seconds_bucket", "apiserver_request_duration_seconds_sum");
        assertThat(durations.get(1).labels())
                .isEqualTo(Map.of(
                        "component",
                        "apiserver",
                        "dry_run",
                        "",
                        "group",
                        "batch",
                        "resource",
                        "jobs",
                        "scope",
                        "resource",
                        "subresource",
                        "",
                        "verb",
                        "APPLY",
                        "version",
                        "v1"));
    }
}
