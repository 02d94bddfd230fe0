package dev.gpuportal.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.gpu.GpuAmount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's sharing figures from Kueue's: in use, borrowed, lent, the cohort's idle GPUs, allocation. */
class ClusterSharingTest {

    static final Map<String, GpuAmount> EQUIVALENTS =
            Map.of("nvidia.com/gpu", GpuAmount.ONE, "nvidia.com/mig-1g.10gb", GpuAmount.of(1, 7));

    @Test
    void oneTenantsIdleGpusRunTheOthersJobs() {
        var members = List.of(
                new ClusterSharing.Member("a", GpuAmount.whole(4), GpuAmount.whole(4)),
                new ClusterSharing.Member("b", GpuAmount.whole(4), GpuAmount.whole(4)),
                new ClusterSharing.Member("c", GpuAmount.whole(2), GpuAmount.whole(2)));
        var figures = new QueueFigures(
                Map.of("b", Map.of("nvidia.com/gpu", 8L), "c", Map.of("nvidia.com/mig-1g.10gb", 7L)),
                Map.of("b", Map.of("nvidia.com/gpu", 4L)),
                Map.of("b", 2),
                Map.of("nvidia.com/gpu", 16L));

        ClusterSharing sharing = ClusterSharing.of("sim", members, figures, EQUIVALENTS);

        assertThat(sharing.tenants())
                .extracting(t -> t.tenant() + " " + t.inUse() + " " + t.borrowed() + " " + t.lent())
                .containsExactly("a 0 0 4", "b 8 4 0", "c 1 0 0");
        assertThat(sharing.idle()).isEqualTo(GpuAmount.ONE); // c's second GPU
        assertThat(sharing.allocated()).isEqualTo(GpuAmount.whole(9));
        assertThat(sharing.allocation()).isEqualTo(9.0 / 16);
        assertThat(sharing.waiting()).isEqualTo(2);
    }

    @Test
    void whereSharingIsOffOnlyTheReasonIsShown() {
        ClusterSharing off = ClusterSharing.off("demo", "no Kueue");
        assertThat(off.active()).isFalse();
        assertThat(off.allocation()).isZero();
    }
}
