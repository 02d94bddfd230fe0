package dev.gpuportal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.gpu.CatalogChoice;
import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuProfileKind;
import dev.gpuportal.gpu.ProfileMemory;
import java.util.List;
import org.junit.jupiter.api.Test;

class RightSizingTest {

    static final String H100 = "NVIDIA-H100-80GB-HBM3";
    static final CatalogChoice WHOLE_H100 =
            choice("h100-80gb", "H100", H100, GpuProfileKind.WHOLE, "nvidia.com/gpu", 1, 1);
    static final CatalogChoice MIG_1G = mig(1, 10, 1);
    static final CatalogChoice MIG_2G = mig(2, 20, 2);
    static final CatalogChoice MIG_3G = mig(3, 40, 3);
    static final CatalogChoice MIG_7G = mig(7, 80, 7);
    static final CatalogChoice WHOLE_L4 = choice("l4", "L4", "NVIDIA-L4", GpuProfileKind.WHOLE, "nvidia.com/gpu", 1, 1);
    static final CatalogChoice SHARED_L4 =
            choice("shared-l4", "shared", "NVIDIA-L4", GpuProfileKind.TIME_SLICED, "nvidia.com/gpu.shared", 1, 2);
    static final CatalogChoice WHOLE_A100 =
            choice("a100-80gb", "A100", "NVIDIA-A100-SXM4-80GB", GpuProfileKind.WHOLE, "nvidia.com/gpu", 1, 1);
    static final List<CatalogChoice> CATALOG =
            List.of(WHOLE_H100, WHOLE_A100, MIG_1G, MIG_2G, MIG_3G, MIG_7G, WHOLE_L4, SHARED_L4);

    @Test
    void aSmallJobOnAWholeH100IsOfferedTheSmallestSlice() {
        var s = RightSizing.suggest(new RightSizing.Observed(7_100_000_000L, 0.09), WHOLE_H100, 1, CATALOG)
                .orElseThrow();
        assertThat(s.profile()).isEqualTo("mig-1g.10gb");
        assertThat(s.frees()).isEqualTo(GpuAmount.of(6, 7));
        assertThat(s.text())
                .isEqualTo("Peaked at 7.1 GB and 9 % compute on a whole H100: a 1g.10gb slice covers it and frees"
                        + " 6/7 GPU for your team.");
    }

    @Test
    void theMarginDecidesBetweenSlices() {
        // 9 GB × 1.2 = 10.8 GB: more than a 1g.10gb slice holds, so 2g.20gb
        assertThat(RightSizing.suggest(new RightSizing.Observed(9_000_000_000L, 0.05), WHOLE_H100, 1, CATALOG)
                        .orElseThrow()
                        .profile())
                .isEqualTo("mig-2g.20gb");
        // little memory but 30 % of an H100's compute × 1.2 = 0.36 GPU: 3/7 is the first slice with that much
        assertThat(RightSizing.suggest(new RightSizing.Observed(1_000_000_000L, 0.30), WHOLE_H100, 1, CATALOG)
                        .orElseThrow()
                        .profile())
                .isEqualTo("mig-3g.40gb");
    }

    @Test
    void aBusyWorkloadGetsNoSuggestion() {
        assertThat(RightSizing.suggest(new RightSizing.Observed(60_000_000_000L, 0.9), WHOLE_H100, 1, CATALOG))
                .isEmpty();
        assertThat(RightSizing.suggest(new RightSizing.Observed(9_000_000_000L, 0.5), MIG_1G, 1, CATALOG))
                .isEmpty();
    }

    @Test
    void severalWholeGpusShrinkToFewerWholeGpusWhenSlicesCannotHoldIt() {
        // two H100s, 100 GB peak across both and 40 % compute: 0.8 GPU × 1.2 fits a whole one? memory 120 GB does not
        assertThat(RightSizing.suggest(new RightSizing.Observed(100_000_000_000L, 0.4), WHOLE_H100, 2, CATALOG))
                .isEmpty();
        var s = RightSizing.suggest(new RightSizing.Observed(50_000_000_000L, 0.3), WHOLE_H100, 2, CATALOG)
                .orElseThrow();
        assertThat(s.profile()).isEqualTo("h100-80gb");
        assertThat(s.units()).isEqualTo(1);
        assertThat(s.frees()).isEqualTo(GpuAmount.ONE);
        assertThat(s.text()).startsWith("Peaked at 50.0 GB and 30 % compute on 2 whole H100s: a whole H100 covers it");
    }

    @Test
    void aTimeSlicedShareCountsOnlyItsFairPartOfMemoryAndSaysItIsNotIsolated() {
        var s = RightSizing.suggest(new RightSizing.Observed(8_000_000_000L, 0.2), WHOLE_L4, 1, CATALOG)
                .orElseThrow();
        assertThat(s.profile()).isEqualTo("shared-l4");
        assertThat(s.text()).contains("time-sliced share (1/2) of an L4").contains("no memory isolation");
        // 11 GB × 1.2 is more than half of the L4's 24 GB
        assertThat(RightSizing.suggest(new RightSizing.Observed(11_000_000_000L, 0.2), WHOLE_L4, 1, CATALOG))
                .isEmpty();
    }

    @Test
    void onlyProfilesOfTheSameModelAreCandidates() {
        var s = RightSizing.suggest(new RightSizing.Observed(5_000_000_000L, 0.05), WHOLE_A100, 1, CATALOG);
        assertThat(s).isEmpty();
    }

    @Test
    void profileMemoryComesFromTheSliceNameOrTheModel() {
        assertThat(ProfileMemory.perUnit(MIG_3G)).hasValue(40_000_000_000L);
        assertThat(ProfileMemory.perUnit(WHOLE_H100)).hasValue(80_000_000_000L);
        assertThat(ProfileMemory.perUnit(SHARED_L4)).hasValue(12_000_000_000L);
        assertThat(ProfileMemory.ofModel("NVIDIA-B300")).isEmpty();
    }

    static CatalogChoice mig(int g, int gb, int sevenths) {
        return choice(
                "mig-" + g + "g." + gb + "gb",
                g + "g." + gb + "gb",
                H100,
                GpuProfileKind.MIG,
                "nvidia.com/mig-" + g + "g." + gb + "gb",
                sevenths,
                7);
    }

    static CatalogChoice choice(
            String name, String label, String model, GpuProfileKind kind, String resource, long num, long den) {
        return new CatalogChoice(name, label, model, kind, resource, GpuAmount.of(num, den));
    }
}
