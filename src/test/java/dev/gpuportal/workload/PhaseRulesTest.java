package dev.gpuportal.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhaseRulesTest {

    @Test
    void stopShowsWhoStoppedItAtOnce() {
        assertThat(PhaseRules.onDesire(DesiredState.RUNNING, DesiredState.STOPPED, "Stopped by nina"))
                .contains(new PhaseRules.Shown(ObservedPhase.STOPPED, "Stopped by nina"));
    }

    @Test
    void startAfterStopReplacesTheStopReasonWithStarting() {
        assertThat(PhaseRules.onDesire(DesiredState.STOPPED, DesiredState.RUNNING, null))
                .contains(new PhaseRules.Shown(ObservedPhase.PENDING, "Starting"));
    }

    @Test
    void deleteAndRestartKeepWhatIsShown() {
        assertThat(PhaseRules.onDesire(DesiredState.RUNNING, DesiredState.DELETED, null))
                .isEmpty();
        assertThat(PhaseRules.onDesire(DesiredState.RUNNING, DesiredState.RUNNING, null))
                .isEmpty();
    }

    @Test
    void whileStoppedOnlyTheFirstStoppedReadingCountsSoTheStopReasonStays() {
        assertThat(PhaseRules.accepts(DesiredState.STOPPED, ObservedPhase.STOPPED, ObservedPhase.STOPPED))
                .isFalse();
        assertThat(PhaseRules.accepts(DesiredState.STOPPED, ObservedPhase.STOPPED, ObservedPhase.RUNNING))
                .isFalse();
        assertThat(PhaseRules.accepts(DesiredState.STOPPED, ObservedPhase.RUNNING, ObservedPhase.STOPPED))
                .isTrue();
    }

    @Test
    void afterAStartTheRealObjectsCountAndAStaleStoppedReadingDoesNot() {
        assertThat(PhaseRules.accepts(DesiredState.RUNNING, ObservedPhase.PENDING, ObservedPhase.STOPPED))
                .isFalse();
        assertThat(PhaseRules.accepts(DesiredState.RUNNING, ObservedPhase.PENDING, ObservedPhase.PENDING))
                .isTrue();
        assertThat(PhaseRules.accepts(DesiredState.RUNNING, ObservedPhase.PENDING, ObservedPhase.RUNNING))
                .isTrue();
        assertThat(PhaseRules.accepts(DesiredState.RUNNING, ObservedPhase.STOPPED, ObservedPhase.RUNNING))
                .isTrue();
    }
}
