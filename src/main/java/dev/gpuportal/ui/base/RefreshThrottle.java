package dev.gpuportal.ui.base;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * When a page shows a change: the first change after a quiet interval at once, the changes that follow within the
 * interval together at its end, so a page re-reads at most once per interval however many changes arrive. Times are
 * nanoseconds of one monotonic clock; not thread-safe on its own ({@link PageRefresh} guards it).
 */
final class RefreshThrottle {

    private final long intervalNanos;
    private boolean scheduled;
    private boolean ranOnce;
    private long lastRun;

    RefreshThrottle(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /**
     * A change arrived at {@code now}: how long until the page should re-read, or nothing when a re-read is already
     * due (it will show this change too).
     */
    OptionalLong changed(long now) {
        if (scheduled) {
            return OptionalLong.empty();
        }
        scheduled = true;
        long wait = ranOnce ? lastRun + intervalNanos - now : 0;
        return OptionalLong.of(Math.max(0, wait));
    }

    /** The re-read starts at {@code now}: changes from here on need another one. */
    void running(long now) {
        scheduled = false;
        ranOnce = true;
        lastRun = now;
    }
}
