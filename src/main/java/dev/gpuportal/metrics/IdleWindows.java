package dev.gpuportal.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a GPU went idle: the start of the trailing run of samples under the threshold. A workload is idle once that
 * run is as long as the admin's duration. Gaps longer than {@code maxGap} break the run (no data is not idleness).
 * Pure.
 */
public final class IdleWindows {

    private IdleWindows() {}

    /** {@code samples} in time order; {@code threshold} in the samples' unit. */
    static Optional<Instant> idleSince(List<PromSeries.Sample> samples, double threshold, Duration maxGap) {
        Instant since = null;
        Instant previous = null;
        for (PromSeries.Sample s : samples) {
            boolean gap = previous != null && Duration.between(previous, s.at()).compareTo(maxGap) > 0;
            if (s.value() >= threshold || gap) {
                since = s.value() >= threshold ? null : s.at();
            } else if (since == null) {
                since = s.at();
            }
            previous = s.at();
        }
        return Optional.ofNullable(since);
    }

    /** Idle: under the threshold from {@code duration} ago (or longer) up to the last sample, which is recent. */
    static boolean idle(
            List<PromSeries.Sample> samples, double threshold, Duration duration, Duration maxGap, Instant now) {
        if (samples.isEmpty() || Duration.between(samples.getLast().at(), now).compareTo(maxGap) > 0) {
            return false;
        }
        return idleSince(samples, threshold, maxGap)
                .map(since -> !since.isAfter(now.minus(duration)))
                .orElse(false);
    }
}
