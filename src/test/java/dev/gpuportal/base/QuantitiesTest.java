package dev.gpuportal.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Kubernetes quantities read exactly, written back in the shortest exact form, and refused with a hint. */
class QuantitiesTest {

    @Test
    void cpuIsReadInCoresOrMillicoresExactly() {
        assertThat(Quantities.parseCpuMillis("4")).isEqualTo(4000);
        assertThat(Quantities.parseCpuMillis(" 0.5 ")).isEqualTo(500);
        assertThat(Quantities.parseCpuMillis("0.001")).isEqualTo(1);
        assertThat(Quantities.parseCpuMillis("500m")).isEqualTo(500);
        assertThat(Quantities.parseCpuMillis("0")).isZero();
    }

    @Test
    void cpuFinerThanAMillicoreOrInAnotherShapeIsRefusedWithTheWayToWriteIt() {
        assertThatThrownBy(() -> Quantities.parseCpuMillis("0.0005"))
                .hasMessage("'0.0005' is not a CPU amount: use cores like 4 or 0.5, or millicores like 500m");
        assertThatThrownBy(() -> Quantities.parseCpuMillis("1.5m"))
                .hasMessage("Millicores are whole numbers: use e.g. 500m");
        assertThatThrownBy(() -> Quantities.parseCpuMillis("-1")).hasMessageStartingWith("'-1' is not a CPU amount");
        assertThatThrownBy(() -> Quantities.parseCpuMillis("2 cores")).hasMessageStartingWith("'2 cores' is not");
        assertThatThrownBy(() -> Quantities.parseCpuMillis(null)).hasMessageStartingWith("'' is not a CPU amount");
    }

    @Test
    void bytesAreReadInBinaryAndDecimalUnitsAndFractionsRoundUpToAWholeByte() {
        assertThat(Quantities.parseBytes("16Gi")).isEqualTo(17_179_869_184L);
        assertThat(Quantities.parseBytes("512M")).isEqualTo(512_000_000L);
        assertThat(Quantities.parseBytes("1000")).isEqualTo(1000);
        assertThat(Quantities.parseBytes("1.5Ki")).isEqualTo(1536);
        assertThat(Quantities.parseBytes("0.0001k"))
                .as("a tenth of a byte is one byte")
                .isEqualTo(1);
        assertThat(Quantities.parseBytes(" 2 Ti ")).isEqualTo(2L << 40);
    }

    @Test
    void sizesOutsideALongOrInUnknownUnitsAreRefused() {
        assertThat(Quantities.parseBytes("8191Pi")).isEqualTo(8191L << 50);
        assertThatThrownBy(() -> Quantities.parseBytes("8192Pi")).hasMessage("'8192Pi' is far too large");
        assertThatThrownBy(() -> Quantities.parseBytes("16GB"))
                .hasMessage("'16GB' is not a size: use e.g. 16Gi, 512Mi or 1Ti (binary) or 500M, 20G (decimal)");
        assertThatThrownBy(() -> Quantities.parseBytes("")).hasMessageStartingWith("'' is not a size");
    }

    @Test
    void formattingPicksTheLargestExactUnitSoParsingItBackGivesTheSameNumber() {
        assertThat(Quantities.formatCpu(4000)).isEqualTo("4");
        assertThat(Quantities.formatCpu(2500)).isEqualTo("2500m");
        assertThat(Quantities.formatBytes(0)).isEqualTo("0");
        assertThat(Quantities.formatBytes(17_179_869_184L)).isEqualTo("16Gi");
        assertThat(Quantities.formatBytes(1536)).as("1.5Ki is no whole Ki").isEqualTo("1536");
        assertThat(Quantities.formatBytes(1024 * 1536)).isEqualTo("1536Ki");
        assertThat(Quantities.formatBytes(500_000_000L)).isEqualTo("500M");
        assertThat(Quantities.formatBytes(20_000_000_000L))
                .as("binary first when exact")
                .isEqualTo("19531250Ki");
        assertThat(Quantities.formatBytes(1001)).isEqualTo("1001");
        for (long bytes : new long[] {1, 1001, 1536, 20_000_000_000L, 3L << 40, 7L << 50}) {
            assertThat(Quantities.parseBytes(Quantities.formatBytes(bytes))).isEqualTo(bytes);
        }
        for (long millis : new long[] {1, 999, 1000, 2500, 256_000}) {
            assertThat(Quantities.parseCpuMillis(Quantities.formatCpu(millis))).isEqualTo(millis);
        }
    }

    @Test
    void sizesForPeopleRoundToOneDecimalInBinaryUnits() {
        assertThat(Quantities.humanBytes(0)).isEqualTo("0 B");
        assertThat(Quantities.humanBytes(1023)).isEqualTo("1023 B");
        assertThat(Quantities.humanBytes(1024)).isEqualTo("1 KiB");
        assertThat(Quantities.humanBytes(16L << 30)).isEqualTo("16 GiB");
        assertThat(Quantities.humanBytes(3L << 39)).isEqualTo("1.5 TiB");
        assertThat(Quantities.humanBytes((1L << 30) - 1))
                .as("just under a GiB rounds up to it")
                .isEqualTo("1024 MiB");
        assertThat(Quantities.humanBytes(2048L << 50)).as("no unit past PiB").isEqualTo("2048 PiB");
    }
}
