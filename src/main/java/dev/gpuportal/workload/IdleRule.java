package dev.gpuportal.workload;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a notebook counts as idle: its server reported no activity for the tenant's idle limit, counted from the
 * later of that activity and the notebook's last start. Without a report nothing is decided: a notebook is never
 * stopped because the portal could not reach it.
 */
final class IdleRule {

    private IdleRule() {}

    /** The instant the notebook has been idle since, if that is at least {@code limit} before {@code now}. */
    static Optional<Instant> idleSince(
            Instant now, Duration limit, Instant lastStarted, Optional<Instant> lastActivity) {
        if (lastActivity.isEmpty() || limit.isZero() || limit.isNegative()) {
            return Optional.empty();
        }
        Instant since = lastActivity.get().isAfter(lastStarted) ? lastActivity.get() : lastStarted;
        return Duration.between(since, now).compareTo(limit) >= 0 ? Optional.of(since) : Optional.empty();
    }
}
