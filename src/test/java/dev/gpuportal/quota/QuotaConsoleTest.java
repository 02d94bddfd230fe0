package dev.gpuportal.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.gpu.GpuAmount;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuotaConsoleTest {

    @Test
    void showMoreAddsAPageOrWhatIsLeft() {
        assertThat(console(50, 120).more()).isTrue();
        assertThat(console(50, 120).nextPage()).isEqualTo(50);
        assertThat(console(100, 120).nextPage()).isEqualTo(20);
        assertThat(console(120, 120).more()).isFalse();
        assertThat(console(0, 0).more()).isFalse();
    }

    @Test
    void aSharedTenantsRowGivesWhatItGuaranteesAndLendsOnTheClustersItLivesOn() {
        var rows = List.of(
                new SharingMemberRow("vision", "east,west", 4L, 1L, 1L, 2L),
                new SharingMemberRow("speech", "west", 3L, 2L, null, null),
                new SharingMemberRow("new", "east", null, null, null, null),
                new SharingMemberRow("nowhere", "", null, null, null, null));

        assertThat(SharingMemberRow.on("east", rows))
                .containsExactly(
                        new ClusterSharing.Member("vision", GpuAmount.of(4, 1), GpuAmount.of(1, 2)),
                        new ClusterSharing.Member("new", GpuAmount.ZERO, GpuAmount.ZERO));
        // lending left to its default lends everything guaranteed
        assertThat(SharingMemberRow.on("west", rows))
                .extracting(ClusterSharing.Member::tenant, ClusterSharing.Member::lends)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("vision", GpuAmount.of(1, 2)),
                        org.assertj.core.groups.Tuple.tuple("speech", GpuAmount.of(3, 2)));
        assertThat(SharingMemberRow.on("eas", rows)).isEmpty();
    }

    @Test
    void quotasOfOneDenominatorAreSummedExactly() {
        assertThat(new QuotaFractionSum(7, 10).amount()).isEqualTo(GpuAmount.of(10, 7));
    }

    private static QuotaConsole console(int shown, long matching) {
        QuotaUsage usage = new QuotaUsage(
                new QuotaView("t", "T", null, List.of(), 0, null, null, null, null), List.of(), 0, 0, 0, 0);
        return new QuotaConsole(
                Collections.nCopies(shown, usage), matching, matching, GpuAmount.ZERO, GpuAmount.ZERO, List.of());
    }
}
