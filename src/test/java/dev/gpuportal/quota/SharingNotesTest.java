package dev.gpuportal.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.gpu.GpuAmount;
import org.junit.jupiter.api.Test;

/** What the request form says about sharing: guaranteed or opportunistic, with the numbers. */
class SharingNotesTest {

    static final GpuAmount TWO = GpuAmount.whole(2);

    @Test
    void aJobThatFitsTheGuaranteeIsGuaranteed() {
        assertThat(SharingNotes.of(
                        true,
                        GpuAmount.ONE,
                        TWO,
                        SharingLimits.DEFAULT,
                        GpuAmount.ONE,
                        GpuAmount.ZERO,
                        GpuAmount.whole(5)))
                .isEqualTo("Guaranteed: it fits in your tenant's 2 GPU (1 GPU in use) and will not be preempted");
    }

    @Test
    void aJobAboveTheGuaranteeBorrowsAndMayBePreempted() {
        assertThat(SharingNotes.of(
                        true, GpuAmount.ONE, TWO, SharingLimits.DEFAULT, TWO, GpuAmount.ZERO, GpuAmount.whole(5)))
                .isEqualTo("Opportunistic: your tenant's 2 GPU are in use (2 GPU); 2 GPU idle at other tenants"
                        + " can be borrowed; this job may be preempted when their owners need them and then resumes"
                        + " by itself — checkpoint to /checkpoints");
        // nothing left to borrow: it waits
        assertThat(SharingNotes.of(
                        true,
                        GpuAmount.ONE,
                        TWO,
                        new SharingLimits(GpuAmount.ZERO, null),
                        TWO,
                        GpuAmount.ZERO,
                        GpuAmount.whole(5)))
                .contains("0 GPU idle at other tenants can be borrowed")
                .endsWith("Not enough is idle now: it waits in the queue");
    }

    @Test
    void notebooksAreAlwaysGuaranteedAndCpuOnlyRequestsSayNothing() {
        assertThat(SharingNotes.of(
                        false, GpuAmount.ONE, TWO, SharingLimits.DEFAULT, TWO, GpuAmount.ONE, GpuAmount.ZERO))
                .startsWith("Guaranteed: notebooks and inference endpoints run on your tenant's guaranteed GPUs (1 GPU"
                        + " of 2 GPU held by them) and are never preempted");
        assertThat(SharingNotes.of(
                        true, GpuAmount.ZERO, TWO, SharingLimits.DEFAULT, TWO, GpuAmount.ONE, GpuAmount.ZERO))
                .isEmpty();
    }
}
