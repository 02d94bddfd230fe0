package dev.gpuportal.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuportal.base.InvalidInputException;
import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class GpuNeedRulesTest {

    static final String H100 = "NVIDIA-H100-80GB-HBM3";
    static final CatalogChoice WHOLE_H100 =
            choice("h100-80gb", "H100", H100, GpuProfileKind.WHOLE, "nvidia.com/gpu", 1, 1);
    static final CatalogChoice WHOLE_A100 =
            choice("a100-80gb", "A100", "NVIDIA-A100-SXM4-80GB", GpuProfileKind.WHOLE, "nvidia.com/gpu", 1, 1);
    static final CatalogChoice SHARED_L4 =
            choice("shared-l4", "shared", "NVIDIA-L4", GpuProfileKind.TIME_SLICED, "nvidia.com/gpu.shared", 1, 2);
    /** The seeded catalog. */
    static final List<CatalogChoice> CATALOG = List.of(
            WHOLE_H100,
            WHOLE_A100,
            mig(1, 10, 1),
            mig(2, 20, 2),
            mig(3, 40, 3),
            mig(4, 40, 4),
            mig(7, 80, 7),
            SHARED_L4);

    /** Whole GPUs up to 8 per pod, slices and shares one each. */
    static final ToIntFunction<CatalogChoice> EIGHT_WHOLE = p -> p.kind() == GpuProfileKind.WHOLE ? 8 : 1;

    @Test
    void twentyGigabytesWithHeadRoomPickTheThreeSliceAndSayWhy() {
        var pick = GpuNeedRules.pick(new GpuNeed("20", null), CATALOG, EIGHT_WHOLE);
        assertThat(pick.profile()).isEqualTo("mig-3g.40gb");
        assertThat(pick.units()).isEqualTo(1);
        assertThat(pick.cost()).isEqualTo(GpuAmount.of(3, 7));
        assertThat(pick.text())
                .isEqualTo("A 3g.40gb slice covers 20 GB (24 GB with 20 % head-room) and is the cheapest profile that"
                        + " does: 3/7 GPU; it frees 4/7 of the H100 for others.");
    }

    @Test
    void migMemorySizesDecide() {
        // 8 GB × 1.2 = 9.6 GB fits the 1g.10gb slice; 9 GB × 1.2 = 10.8 GB does not
        assertThat(GpuNeedRules.pick(new GpuNeed("8 GB", null), CATALOG, EIGHT_WHOLE)
                        .profile())
                .isEqualTo("mig-1g.10gb");
        assertThat(GpuNeedRules.pick(new GpuNeed("9gb", ""), CATALOG, EIGHT_WHOLE)
                        .profile())
                .isEqualTo("mig-2g.20gb");
    }

    @Test
    void aComputeShareCanOutweighTheMemory() {
        // 5 GB fits a 1g.10gb slice, but half a GPU of compute needs the 1/2 L4 share, or 4/7 of an H100 without it
        assertThat(GpuNeedRules.pick(new GpuNeed("5", "1/2"), CATALOG, EIGHT_WHOLE)
                        .profile())
                .isEqualTo("shared-l4");
        var pick = GpuNeedRules.pick(
                new GpuNeed("5", "0.5"),
                CATALOG.stream().filter(p -> p != SHARED_L4).toList(),
                EIGHT_WHOLE);
        assertThat(pick.profile()).isEqualTo("mig-4g.40gb");
        assertThat(pick.text()).contains("covers 5 GB (6 GB with 20 % head-room) and 1/2 GPU of compute");
    }

    @Test
    void moreThanOneGpuHoldsTakesSeveralWholeGpus() {
        // 100 GB × 1.2 = 120 GB: two 80 GB GPUs; at equal cost the name decides (a100 before h100)
        var pick = GpuNeedRules.pick(new GpuNeed("100", null), CATALOG, EIGHT_WHOLE);
        assertThat(pick.profile()).isEqualTo("a100-80gb");
        assertThat(pick.units()).isEqualTo(2);
        assertThat(pick.cost()).isEqualTo(GpuAmount.whole(2));
        assertThat(pick.text()).startsWith("2 whole A100s covers 100 GB").doesNotContain("frees");
    }

    @Test
    void aTimeSlicedShareCountsOnlyItsFairPartAndSaysItIsNotIsolated() {
        // only the L4 share and whole H100s on offer: 10 GB × 1.2 = 12 GB is exactly half of the L4's 24 GB
        var pick = GpuNeedRules.pick(new GpuNeed("10", null), List.of(WHOLE_H100, SHARED_L4), EIGHT_WHOLE);
        assertThat(pick.profile()).isEqualTo("shared-l4");
        assertThat(pick.text()).contains("time-sliced share (1/2) of an L4").contains("no memory isolation");
        assertThat(GpuNeedRules.pick(new GpuNeed("10.5", null), List.of(WHOLE_H100, SHARED_L4), EIGHT_WHOLE)
                        .profile())
                .isEqualTo("h100-80gb");
    }

    @Test
    void onlyWhatTheTenantMayUseIsPicked() {
        var noSlices =
                CATALOG.stream().filter(p -> p.kind() != GpuProfileKind.MIG).toList();
        assertThat(GpuNeedRules.pick(new GpuNeed("20", null), noSlices, EIGHT_WHOLE)
                        .profile())
                .isEqualTo("a100-80gb");
    }

    @Test
    void aNeedNothingCoversIsRefusedAtItsField() {
        assertThatThrownBy(() -> GpuNeedRules.pick(new GpuNeed("900", null), CATALOG, EIGHT_WHOLE))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors())
                                .containsOnlyKeys("gpuNeed.memoryGb")
                                .extractingByKey("gpuNeed.memoryGb")
                                .asString()
                                .startsWith(
                                        "Nothing in the catalog your tenant may use covers 900 GB (1080 GB with 20 %")
                                .contains("the most one pod can get is 8 whole H100s (640 GB)"));
        assertThatThrownBy(() -> GpuNeedRules.pick(new GpuNeed("1", "9"), CATALOG, EIGHT_WHOLE))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors()).containsOnlyKeys("gpuNeed.computeShare"));
        assertThatThrownBy(() -> GpuNeedRules.pick(new GpuNeed("1", null), List.of(), EIGHT_WHOLE))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors()).containsOnlyKeys("gpuNeed.memoryGb"));
    }

    @Test
    void unreadableNeedsGetAMessageEach() {
        assertThatThrownBy(() -> GpuNeedRules.pick(new GpuNeed("about twenty", "lots"), CATALOG, EIGHT_WHOLE))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors()).containsOnlyKeys("gpuNeed.memoryGb", "gpuNeed.computeShare"));
        assertThatThrownBy(() -> GpuNeedRules.pick(new GpuNeed("0", "0"), CATALOG, EIGHT_WHOLE))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors())
                                .containsEntry("gpuNeed.memoryGb", "More than 0 and at most 100000 GB")
                                .containsKey("gpuNeed.computeShare"));
        assertThatThrownBy(() -> GpuNeedRules.pick(new GpuNeed(null, null), CATALOG, EIGHT_WHOLE))
                .isInstanceOf(InvalidInputException.class);
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
