package dev.gpuportal.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class IdleEpisodesTest {

    @Test
    void aNewlyIdleWorkloadIsToldOnce() {
        IdleEpisodes.Changes first = IdleEpisodes.of(Set.of(), Set.of(1L, 2L));
        assertThat(first.toTell()).containsExactlyInAnyOrder(1L, 2L);
        assertThat(first.ended()).isEmpty();
        IdleEpisodes.Changes again = IdleEpisodes.of(Set.of(1L, 2L), Set.of(1L, 2L));
        assertThat(again.toTell()).as("the next scan sees the same episodes").isEmpty();
        assertThat(again.ended()).isEmpty();
    }

    @Test
    void anEpisodeEndsWhenTheWorkloadIsNoLongerIdleAndALaterOneIsToldAnew() {
        IdleEpisodes.Changes busy = IdleEpisodes.of(Set.of(1L, 2L), Set.of(2L));
        assertThat(busy.ended()).containsExactly(1L);
        assertThat(busy.toTell()).isEmpty();
        IdleEpisodes.Changes idleAgain = IdleEpisodes.of(Set.of(2L), Set.of(1L, 2L));
        assertThat(idleAgain.toTell()).containsExactly(1L);
    }
}
