package dev.gpuportal.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GpuFormatTest {

    @Test
    void aSliceReadsAsDecimalWithTheExactFractionOfItsModel() {
        assertThat(GpuFormat.amount(GpuAmount.of(1, 7), "H100")).isEqualTo("0.14 GPU (1/7 H100)");
        assertThat(GpuFormat.amount(GpuAmount.of(9, 7), "H100")).isEqualTo("1.29 GPU (1 2/7 H100)");
        assertThat(GpuFormat.amount(GpuAmount.whole(2), "H100")).isEqualTo("2 GPU (2 H100)");
    }

    @Test
    void withoutAModelTheFractionIsShownOnlyWhereTheDecimalIsRounded() {
        assertThat(GpuFormat.amount(GpuAmount.of(1, 14))).isEqualTo("0.07 GPU (1/14)");
        assertThat(GpuFormat.amount(GpuAmount.of(5, 2))).isEqualTo("2.5 GPU");
        assertThat(GpuFormat.amount(GpuAmount.whole(4))).isEqualTo("4 GPU");
        assertThat(GpuFormat.amount(GpuAmount.ZERO)).isEqualTo("0 GPU");
    }

    @Test
    void largeSumsOfSlicesReadAsWholeGpusAndTheFractionOfOne() {
        assertThat(GpuFormat.amount(GpuAmount.of(1053, 14))).isEqualTo("75.21 GPU (75 3/14)");
        assertThat(GpuFormat.amount(GpuAmount.of(15, 7), "H100")).isEqualTo("2.14 GPU (2 1/7 H100)");
    }

    @Test
    void nothingNegativeIsEverShown() {
        assertThat(GpuFormat.amount(GpuAmount.of(-1, 7), "H100")).isEqualTo("0 GPU");
        assertThat(GpuFormat.amount(GpuAmount.of(-5, 2))).isEqualTo("0 GPU");
    }

    @Test
    void tinyAmountsAreNotRoundedToNothing() {
        assertThat(GpuFormat.amount(GpuAmount.of(1, 1000))).isEqualTo("<0.01 GPU (1/1000)");
    }

    @Test
    void modelNamesAreShortenedTheWayPeopleSayThem() {
        assertThat(GpuFormat.model("NVIDIA-H100-80GB-HBM3")).isEqualTo("H100");
        assertThat(GpuFormat.model("NVIDIA-L4")).isEqualTo("L4");
        assertThat(GpuFormat.model("NVIDIA-A100-SXM4-80GB")).isEqualTo("A100");
        assertThat(GpuFormat.model("")).isNull();
    }

    @Test
    void profileUnitsAreCostedExactly() {
        GpuProfile slice = new GpuProfile(new GpuProfileDraft(
                "mig-1g.10gb",
                "MIG 1g.10gb",
                "1g.10gb",
                "NVIDIA-H100-80GB-HBM3",
                GpuProfileKind.MIG,
                "nvidia.com/mig-1g.10gb",
                "1/7",
                true));
        assertThat(GpuFormat.of(slice, 1)).isEqualTo("0.14 GPU (1/7 H100)");
        assertThat(GpuFormat.of(slice, 3)).isEqualTo("0.43 GPU (3/7 H100)");
        assertThat(GpuFormat.of(slice, -1)).isEqualTo("0 GPU");
    }
}
