package dev.gpuportal.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GpuMixTest {

    @Test
    void describesSlicesAndSharesTheWayTheConsoleShowsThem() {
        List<GpuPortion> used = List.of(
                new GpuPortion("1g.10gb", GpuProfileKind.MIG, GpuAmount.of(1, 7), 3),
                new GpuPortion("shared", GpuProfileKind.TIME_SLICED, GpuAmount.of(1, 2), 1));
        assertThat(GpuMix.describe(used)).isEqualTo("0.93 GPU (3 × 1g.10gb + 1 × shared)");
        assertThat(GpuMix.total(used)).isEqualTo(GpuAmount.of(13, 14));
    }

    @Test
    void nothingUsedIsZero() {
        assertThat(GpuMix.describe(List.of())).isEqualTo("0 GPU");
        assertThat(GpuMix.describe(List.of(new GpuPortion("H100", GpuProfileKind.WHOLE, GpuAmount.ONE, 0))))
                .isEqualTo("0 GPU");
    }
}
