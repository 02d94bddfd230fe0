package dev.gpuportal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.gpu.GpuAmount;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShowbackTest {

    static final String H100 = "NVIDIA-H100-80GB-HBM3";

    @Test
    void hoursAreExactSumsOfGpuEquivalentSteps() {
        List<Showback.Point> points = new ArrayList<>();
        Instant start = Instant.parse("2026-11-29T10:00:00Z");
        for (int i = 0; i < 120; i++) { // two hours, one sample a minute
            Instant at = start.plus(Duration.ofMinutes(i));
            points.add(new Showback.Point(at, "nlp", "mig-1g.10gb", H100, GpuAmount.of(1, 7), 1, 0.5, "n1"));
            points.add(new Showback.Point(at, "nlp", "h100-80gb", H100, GpuAmount.ONE, 2, 0.09, "n1"));
        }
        var rows = Showback.tally(points, Duration.ofMinutes(1), Map.of(H100, new BigDecimal("3.50")));
        assertThat(rows).hasSize(2);
        var whole = rows.get(0);
        assertThat(whole.profile()).isEqualTo("h100-80gb");
        assertThat(whole.allocatedHours()).isEqualTo(GpuAmount.whole(4)); // 2 GPUs × 2 h
        assertThat(whole.usedHours()).isEqualTo(GpuAmount.of(36, 100)); // 4 × 0.09
        assertThat(whole.cost()).isEqualByComparingTo("14.00");
        var slice = rows.get(1);
        assertThat(slice.allocatedHours()).isEqualTo(GpuAmount.of(2, 7)); // 1/7 × 2 h, no rounding drift
        assertThat(slice.usedHours()).isEqualTo(GpuAmount.of(1, 7));
        assertThat(slice.cost()).isEqualByComparingTo("1.00");
    }

    @Test
    void rowsSplitAtMidnightUtcAndByTenant() {
        Instant beforeMidnight = Instant.parse("2026-11-28T23:59:00Z");
        var rows = Showback.tally(
                List.of(
                        new Showback.Point(
                                beforeMidnight, "nlp", "shared-l4", "NVIDIA-L4", GpuAmount.of(1, 2), 1, 1, "n1"),
                        new Showback.Point(
                                beforeMidnight.plusSeconds(60),
                                "nlp",
                                "shared-l4",
                                "NVIDIA-L4",
                                GpuAmount.of(1, 2),
                                1,
                                1,
                                "n1"),
                        new Showback.Point(
                                beforeMidnight.plusSeconds(60),
                                "cv",
                                "shared-l4",
                                "NVIDIA-L4",
                                GpuAmount.of(1, 2),
                                1,
                                0,
                                "n1")),
                Duration.ofMinutes(1),
                Map.of());
        assertThat(rows)
                .extracting(
                        Showback.Row::day, Showback.Row::tenant, Showback.Row::allocatedHours, Showback.Row::usedHours)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                LocalDate.parse("2026-11-28"), "nlp", GpuAmount.of(1, 120), GpuAmount.of(1, 120)),
                        org.assertj.core.groups.Tuple.tuple(
                                LocalDate.parse("2026-11-29"), "cv", GpuAmount.of(1, 120), GpuAmount.ZERO),
                        org.assertj.core.groups.Tuple.tuple(
                                LocalDate.parse("2026-11-29"), "nlp", GpuAmount.of(1, 120), GpuAmount.of(1, 120)));
        assertThat(rows.getFirst().cost()).isEqualByComparingTo("0"); // no price set for L4
    }
}
