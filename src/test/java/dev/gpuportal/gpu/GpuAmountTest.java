package dev.gpuportal.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GpuAmountTest {

    @Test
    void sumsOfSlicesAndSharesAreExact() {
        GpuAmount threeSlices = GpuAmount.of(1, 7).times(3);
        GpuAmount total = threeSlices.plus(GpuAmount.of(1, 2));
        assertThat(total).isEqualTo(GpuAmount.of(13, 14));
        assertThat(total.toDecimalString()).isEqualTo("0.93");
        // seven sevenths are exactly one GPU, which floating point does not promise
        GpuAmount seven = GpuAmount.ZERO;
        for (int i = 0; i < 7; i++) {
            seven = seven.plus(GpuAmount.of(1, 7));
        }
        assertThat(seven).isEqualTo(GpuAmount.ONE);
    }

    @Test
    void parsesWhatAdminsType() {
        assertThat(GpuAmount.parse("2.5")).isEqualTo(GpuAmount.of(5, 2));
        assertThat(GpuAmount.parse(" 3/7 ")).isEqualTo(GpuAmount.of(3, 7));
        assertThat(GpuAmount.parse("2 1/2")).isEqualTo(GpuAmount.of(5, 2));
        assertThat(GpuAmount.parse("4")).isEqualTo(GpuAmount.whole(4));
        assertThat(GpuAmount.parse("0,25")).isEqualTo(GpuAmount.of(1, 4));
    }

    @Test
    void refusesWhatIsNotAnAmountWithAMessageForTheField() {
        for (String bad : List.of("", "two", "-1", "1/0", "1e3")) {
            assertThatThrownBy(() -> GpuAmount.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("Exception");
        }
        assertThatThrownBy(() -> GpuAmount.parse("lots"))
                .hasMessage("'lots' is not an amount of GPUs: use e.g. 2, 2.5 or 3/7");
    }

    @Test
    void comparesAndDividesExactly() {
        assertThat(GpuAmount.of(3, 7).compareTo(GpuAmount.of(2, 5))).isPositive();
        assertThat(GpuAmount.parse("2.5").fitsTimes(GpuAmount.of(3, 7))).isEqualTo(5);
        assertThat(GpuAmount.parse("2.5").fitsTimes(GpuAmount.of(1, 7))).isEqualTo(17);
        assertThat(GpuAmount.of(2, 7).minus(GpuAmount.of(3, 7)).isNegative()).isTrue();
    }

    @Test
    void readsNicely() {
        assertThat(GpuAmount.of(1, 2).toPrettyString()).isEqualTo("½");
        assertThat(GpuAmount.of(5, 2).toPrettyString()).isEqualTo("2½");
        assertThat(GpuAmount.of(3, 7).toPrettyString()).isEqualTo("3/7");
        assertThat(GpuAmount.of(10, 7).toPrettyString()).isEqualTo("1 3/7");
        assertThat(GpuAmount.of(6, 4).toFractionString()).isEqualTo("3/2");
        assertThat(GpuAmount.of(1053, 14).toMixedString()).isEqualTo("75 3/14");
        assertThat(GpuAmount.of(3, 7).toMixedString()).isEqualTo("3/7");
        assertThat(GpuAmount.of(-9, 7).toMixedString()).isEqualTo("-1 2/7");
        assertThat(GpuAmount.whole(2).toMixedString()).isEqualTo("2");
    }

    @Test
    void overflowIsAnErrorNotAWrongAnswer() {
        GpuAmount huge = GpuAmount.of(Long.MAX_VALUE / 2, 1);
        assertThatThrownBy(() -> huge.times(4)).isInstanceOf(ArithmeticException.class);
    }
}
