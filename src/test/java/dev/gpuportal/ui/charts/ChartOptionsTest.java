package dev.gpuportal.ui.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ChartOptionsTest {

    static final Instant TO = Instant.parse("2026-11-30T00:15:00Z");
    static final Instant FROM = TO.minus(Duration.ofDays(1));

    static JsonNode option(List<ChartOptions.Line> lines) {
        return JsonMapper.builder().build().readTree(ChartOptions.lines(lines, FROM, TO, "GPU", null));
    }

    @Test
    void theTimeAxisSpansTheWindowEvenForAWindowsFirstSample() {
        var first = new ChartOptions.Line("Allocated", List.of(TO.minusSeconds(60)), List.of(1.14), 0, false);

        JsonNode option = option(List.of(first));
        JsonNode xAxis = option.get("xAxis");

        assertThat(option.get("series").get(0).get("showSymbol").asBoolean()).isTrue();
        assertThat(xAxis.get("min").asLong()).isEqualTo(FROM.toEpochMilli());
        assertThat(xAxis.get("max").asLong()).isEqualTo(TO.toEpochMilli());
    }

    @Test
    void aLimitIsALevelDashedLineAcrossTheWholeWindow() {
        JsonNode quota = option(List.of(ChartOptions.Line.limit("Quota", 2, FROM, TO)))
                .get("series")
                .get(0);

        assertThat(quota.get("lineStyle").get("type").asString()).isEqualTo("dashed");
        assertThat(quota.get("showSymbol").asBoolean()).isFalse();
        assertThat(quota.get("data").get(0).get(0).asLong()).isEqualTo(FROM.toEpochMilli());
        assertThat(quota.get("data").get(1).get(0).asLong()).isEqualTo(TO.toEpochMilli());
        assertThat(quota.get("data").get(0).get(1).asDouble()).isEqualTo(2.0);
        assertThat(quota.get("data").get(1).get(1).asDouble()).isEqualTo(2.0);
    }
}
