package dev.gpuportal.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations and CPU as people read them on the pages. */
class ReadableUnitsTest {

    @Test
    void durationsReadInHoursAndMinutesNotAPileOfMinutes() {
        assertThat(Durations.readable(Duration.ofMinutes(720))).isEqualTo("12 h");
        assertThat(Durations.readable(Duration.ofHours(2))).isEqualTo("2 h");
        assertThat(Durations.readable(Duration.ofMinutes(90))).isEqualTo("1 h 30 min");
        assertThat(Durations.readable(Duration.ofHours(36))).isEqualTo("1 d 12 h");
        assertThat(Durations.readable(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(Durations.readable(Duration.ZERO)).isEqualTo("0 s");
    }

    @Test
    void typedDurationsStayCompactForFormsThatReadThemBack() {
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.parse(Durations.format(Duration.ofHours(36)))).isEqualTo(Duration.ofHours(36));
    }

    @Test
    void cpuReadsInCores() {
        assertThat(Quantities.cores(500)).isEqualTo("0.5 cores");
        assertThat(Quantities.cores(1000)).isEqualTo("1 core");
        assertThat(Quantities.cores(2000)).isEqualTo("2 cores");
        assertThat(Quantities.cores(2250)).isEqualTo("2.25 cores");
        assertThat(Quantities.cores(0)).isEqualTo("0 cores");
    }
}
