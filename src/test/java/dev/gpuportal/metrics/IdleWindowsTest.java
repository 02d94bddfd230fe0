package dev.gpuportal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdleWindowsTest {

    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    static final Duration GAP = Duration.ofMinutes(2);

    @Test
    void underTheThresholdForTheWholeDurationIsIdle() {
        var samples = minutes(new double[] {0.5, 0.5, 0.02, 0.03, 0.01, 0.04, 0.0}); // last five minutes low
        assertThat(IdleWindows.idleSince(samples, 0.05, GAP)).hasValue(NOW.minus(Duration.ofMinutes(4)));
        assertThat(IdleWindows.idle(samples, 0.05, Duration.ofMinutes(4), GAP, NOW))
                .isTrue();
        assertThat(IdleWindows.idle(samples, 0.05, Duration.ofMinutes(5), GAP, NOW))
                .isFalse();
    }

    @Test
    void oneBusySampleRestartsTheWindow() {
        var samples = minutes(new double[] {0.01, 0.01, 0.01, 0.6, 0.01, 0.01});
        assertThat(IdleWindows.idleSince(samples, 0.05, GAP)).hasValue(NOW.minus(Duration.ofMinutes(1)));
        assertThat(IdleWindows.idle(samples, 0.05, Duration.ofMinutes(3), GAP, NOW))
                .isFalse();
    }

    @Test
    void theThresholdItselfCountsAsBusy() {
        assertThat(IdleWindows.idle(minutes(new double[] {0.05, 0.05, 0.05}), 0.05, Duration.ofMinutes(1), GAP, NOW))
                .isFalse();
    }

    @Test
    void noDataOrStaleDataOrAGapIsNotIdleness() {
        assertThat(IdleWindows.idle(List.of(), 0.05, Duration.ofMinutes(1), GAP, NOW))
                .isFalse();
        var stale = minutes(new double[] {0, 0, 0}).stream()
                .map(s -> new PromSeries.Sample(s.at().minus(Duration.ofMinutes(10)), s.value()))
                .toList();
        assertThat(IdleWindows.idle(stale, 0.05, Duration.ofMinutes(1), GAP, NOW))
                .isFalse();
        var gapped = new ArrayList<PromSeries.Sample>();
        gapped.add(new PromSeries.Sample(NOW.minus(Duration.ofMinutes(30)), 0));
        gapped.add(new PromSeries.Sample(NOW.minus(Duration.ofMinutes(1)), 0));
        gapped.add(new PromSeries.Sample(NOW, 0));
        assertThat(IdleWindows.idleSince(gapped, 0.05, GAP)).hasValue(NOW.minus(Duration.ofMinutes(1)));
        assertThat(IdleWindows.idle(gapped, 0.05, Duration.ofMinutes(10), GAP, NOW))
                .isFalse();
    }

    /** One sample a minute, the last at NOW. */
    static List<PromSeries.Sample> minutes(double[] values) {
        List<PromSeries.Sample> samples = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            samples.add(new PromSeries.Sample(NOW.minus(Duration.ofMinutes(values.length - 1 - i)), values[i]));
        }
        return samples;
    }
}
