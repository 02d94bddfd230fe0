package dev.gpuportal.cluster.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SharingTimelineTest {

    static final Map<String, Integer> CEILINGS = Map.of("a", 2, "b", 4);

    @Test
    void allocationCountsBoundPodsAndTheIdleGpusAreTracedToWhatHeldThem() {
        SharingTimeline timeline = new SharingTimeline();
        // a: 2 GPUs from 0 to 10 s, admitted at once, bound 1 s later, held 1 s after its pod succeeded
        timeline.submitted("a1", "a", 2, 0);
        timeline.workload("a1", true, 0);
        timeline.pod("a1", "p1", true, false, false, 1_000);
        timeline.pod("a1", "p1", true, true, true, 10_000);
        timeline.workload("a1", false, 11_000);
        // b: 2 GPUs asked from 0 s; admitted only at 11 s (fits in the 2 free GPUs all along), runs until 20 s
        timeline.submitted("b1", "b", 2, 0);
        timeline.workload("b1", true, 11_000);
        timeline.pod("b1", "p2", true, false, false, 11_000);
        timeline.pod("b1", "p2", true, true, true, 20_000);
        timeline.workload("b1", false, 20_000);

        SharingTimeline.Breakdown load = timeline.underLoad(4, CEILINGS, false, 20_000);

        // 4 GPUs asked for from 0 to 10 s (a1 succeeds at 10 s): under load 10 s
        assertThat(load.underLoadSeconds()).isCloseTo(10.0, within(0.01));
        // 2 of 4 bound from 1 s to 10 s: 0.45
        assertThat(load.allocation()).isCloseTo(0.45, within(0.01));
        assertThat(load.startLag()).isCloseTo(0.05, within(0.01)); // a1's 2 GPUs for 1 s
        assertThat(load.admissibleWaiting()).isCloseTo(0.5, within(0.01)); // b1 fitted the free 2 GPUs
        assertThat(load.releaseLag()).isZero(); // 10-11 s is no longer under load
        assertThat(timeline.allocation(4, 20_000)).isCloseTo((2 * 9 + 2 * 9) / 4.0 / 20, within(0.01));
        assertThat(timeline.admissionWaits("b", 2, true)).isEqualTo(new SharingTimeline.Waits(1, 11.0, 11.0));
        assertThat(timeline.reservedUnderLoad(4, 20_000)).isCloseTo(0.5, within(0.01)); // a1's 2 admitted GPUs
        assertThat(timeline.allSucceeded()).isTrue();
    }

    @Test
    void freeGpusAreBlamedOnTheBorrowingLimitOrOnJobsTooBigOnlyWhenNoWaitingJobCouldTakeThem() {
        SharingTimeline timeline = new SharingTimeline();
        timeline.submitted("a1", "a", 2, 0); // a holds its ceiling of 2
        timeline.workload("a1", true, 0);
        timeline.pod("a1", "p1", true, false, false, 0);
        timeline.submitted("a2", "a", 1, 0); // would fit the 2 free GPUs, but a is at its ceiling
        timeline.submitted("b1", "b", 4, 0); // bigger than the 2 free

        SharingTimeline.Breakdown asked = timeline.underLoad(4, CEILINGS, false, 1_000);
        assertThat(asked.capped()).isCloseTo(0.5, within(0.01));
        assertThat(asked.tooBig()).isZero();
        assertThat(asked.admissibleWaiting()).isZero();
        // counted up to each tenant's ceiling the ask is 2 + 4 = 6, still at least the capacity
        assertThat(timeline.underLoad(4, CEILINGS, true, 1_000).underLoadSeconds())
                .isCloseTo(1.0, within(0.01));
        // with a's ask of 1 more gone, only the 4-GPU job waits: too big for the 2 free
        SharingTimeline withoutA2 = new SharingTimeline();
        withoutA2.submitted("a1", "a", 2, 0);
        withoutA2.workload("a1", true, 0);
        withoutA2.pod("a1", "p1", true, false, false, 0);
        withoutA2.submitted("b1", "b", 4, 0);
        assertThat(withoutA2.underLoad(4, CEILINGS, false, 1_000).tooBig()).isCloseTo(0.5, within(0.01));
        // on two nodes of 2 GPUs, a1's pod filling one: b1 would fit 2 free GPUs by quota, but no node has 2 free
        SharingTimeline twoNodes = new SharingTimeline();
        twoNodes.submitted("a1", "a", 1, 0);
        twoNodes.workload("a1", true, 0);
        twoNodes.pod("a1", "p1", "n1", true, false, false, 0);
        twoNodes.submitted("a2", "a", 1, 0);
        twoNodes.workload("a2", true, 0);
        twoNodes.pod("a2", "p2", "n2", true, false, false, 0);
        twoNodes.submitted("b1", "b", 2, 0);
        SharingTimeline.Breakdown fragmented = twoNodes.underLoad(4, Map.of("n1", 2, "n2", 2), CEILINGS, false, 1_000);
        assertThat(fragmented.noNode()).isCloseTo(0.5, within(0.01));
        assertThat(fragmented.admissibleWaiting()).isZero();
        // and a preemption counts: a1 admitted twice
        timeline.workload("a1", false, 500);
        timeline.workload("a1", true, 600);
        assertThat(timeline.evictions()).isEqualTo(1);
    }
}
