package dev.gpuportal.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdleRuleTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final Duration FOUR_HOURS = Duration.ofHours(4);

    @Test
    void aNotebookWhoseServerCannotBeAskedIsNeverIdle() {
        assertThat(IdleRule.idleSince(NOW, FOUR_HOURS, NOW.minus(Duration.ofDays(3)), Optional.empty()))
                .isEmpty();
    }

    @Test
    void activityWithinTheLimitKeepsItRunning() {
        Instant started = NOW.minus(Duration.ofDays(1));
        assertThat(IdleRule.idleSince(NOW, FOUR_HOURS, started, Optional.of(NOW.minus(Duration.ofHours(3)))))
                .isEmpty();
    }

    @Test
    void noActivityForTheLimitMakesItIdleSinceTheLastActivity() {
        Instant started = NOW.minus(Duration.ofDays(1));
        Instant last = NOW.minus(FOUR_HOURS);
        assertThat(IdleRule.idleSince(NOW, FOUR_HOURS, started, Optional.of(last)))
                .contains(last);
        assertThat(IdleRule.idleSince(NOW, FOUR_HOURS, started, Optional.of(last.plusSeconds(1))))
                .isEmpty();
    }

    @Test
    void aRecentStartCountsAsActivity() {
        // The server's last activity predates a start from the portal: the notebook was stopped in between.
        Instant startedAgain = NOW.minus(Duration.ofHours(1));
        assertThat(IdleRule.idleSince(NOW, FOUR_HOURS, startedAgain, Optional.of(NOW.minus(Duration.ofDays(2)))))
                .isEmpty();
        Instant startedLongAgo = NOW.minus(Duration.ofHours(5));
        assertThat(IdleRule.idleSince(NOW, FOUR_HOURS, startedLongAgo, Optional.of(NOW.minus(Duration.ofDays(2)))))
                .contains(startedLongAgo);
    }

    @Test
    void aZeroLimitMeansNever() {
        assertThat(IdleRule.idleSince(NOW, Duration.ZERO, NOW.minus(Duration.ofDays(9)), Optional.of(Instant.EPOCH)))
                .isEmpty();
    }
}
