package dev.gpuportal.ui.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RefreshThrottleTest {

    static final long SECOND = Duration.ofSeconds(1).toNanos();
    static final long MS = Duration.ofMillis(1).toNanos();

    final RefreshThrottle throttle = new RefreshThrottle(Duration.ofSeconds(1));

    @Test
    void theFirstChangeIsShownAtOnce() {
        assertThat(throttle.changed(5 * SECOND)).isEqualTo(OptionalLong.of(0));
    }

    @Test
    void changesWhileAReReadIsDueAreShownByIt() {
        throttle.changed(0);
        assertThat(throttle.changed(10 * MS)).isEmpty();
        assertThat(throttle.changed(20 * MS)).isEmpty();
    }

    @Test
    void aChangeSoonAfterAReReadWaitsForTheIntervalsEnd() {
        throttle.changed(0);
        throttle.running(0);
        assertThat(throttle.changed(300 * MS)).isEqualTo(OptionalLong.of(700 * MS));
        assertThat(throttle.changed(400 * MS)).as("folded into the one due").isEmpty();
    }

    @Test
    void aChangeAfterAQuietIntervalIsShownAtOnce() {
        throttle.changed(0);
        throttle.running(0);
        assertThat(throttle.changed(3 * SECOND)).isEqualTo(OptionalLong.of(0));
    }

    @Test
    void aChangeDuringAReReadGetsAnotherOne() {
        throttle.changed(0);
        throttle.running(10 * MS);
        // the re-read in progress may have read before this change: one more follows
        assertThat(throttle.changed(20 * MS)).isEqualTo(OptionalLong.of(990 * MS));
    }

    @Test
    void manyChangesOverFiveSecondsMeanAtMostOneReReadASecond() {
        int reReads = 0;
        long due = -1;
        for (long now = 0; now <= 5 * SECOND; now += 10 * MS) {
            if (due >= 0 && now >= due) {
                throttle.running(now);
                reReads++;
                due = -1;
            }
            OptionalLong wait = throttle.changed(now);
            if (wait.isPresent()) {
                due = now + wait.getAsLong();
            }
        }
        assertThat(reReads).isBetween(5, 6);
    }
}
