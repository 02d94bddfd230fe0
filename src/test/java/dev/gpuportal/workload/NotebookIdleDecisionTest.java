package dev.gpuportal.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotebookIdleDecisionTest {

    static final Optional<Instant> IDLE = Optional.of(Instant.parse("2026-11-29T08:00:00Z"));
    static final Optional<Instant> BUSY = Optional.empty();

    @Test
    void anIdleKernelIsStoppedWhateverItsGpuDid() {
        assertThat(NotebookIdleDecision.of(IDLE, IDLE)).isEqualTo(NotebookIdleDecision.STOP);
        assertThat(NotebookIdleDecision.of(IDLE, BUSY)).isEqualTo(NotebookIdleDecision.STOP);
    }

    @Test
    void anActiveKernelOnAnIdleGpuIsOfferedASmallerProfileNotStopped() {
        assertThat(NotebookIdleDecision.of(BUSY, IDLE)).isEqualTo(NotebookIdleDecision.OFFER_SMALLER_PROFILE);
    }

    @Test
    void bothBusyMeansNothing() {
        assertThat(NotebookIdleDecision.of(BUSY, BUSY)).isEqualTo(NotebookIdleDecision.NOTHING);
    }
}
