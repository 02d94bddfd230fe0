package dev.gpuportal.ui.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Stored instants are UTC; the pages show them in the browser's zone, UTC when it named none the JVM knows. */
class UserTimeTest {

    static final Instant EVENING_UTC = Instant.parse("2026-11-29T23:30:05Z");

    @Test
    void anInstantReadsInTheUsersZoneIncludingTheDateChange() {
        assertThat(UserTime.format(EVENING_UTC, ZoneId.of("Europe/Berlin"), UserTime.FULL))
                .isEqualTo("2026-11-30 00:30:05");
        assertThat(UserTime.format(EVENING_UTC, ZoneId.of("America/Los_Angeles"), UserTime.SHORT))
                .isEqualTo("11-29 15:30");
        assertThat(UserTime.format(EVENING_UTC, ZoneId.of("Asia/Kolkata"), UserTime.SHORT))
                .isEqualTo("11-30 05:00");
        assertThat(UserTime.format(null, ZoneOffset.UTC, UserTime.FULL)).isEmpty();
    }

    @Test
    void daylightSavingTimeIsTheZonesNotAFixedOffset() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(UserTime.format(Instant.parse("2026-07-01T12:00:00Z"), berlin, UserTime.SHORT))
                .isEqualTo("07-01 14:00");
        assertThat(UserTime.format(Instant.parse("2026-12-01T12:00:00Z"), berlin, UserTime.SHORT))
                .isEqualTo("12-01 13:00");
    }

    @Test
    void aZoneTheBrowserNamesIsTakenAndAnythingElseFallsBackToUtc() {
        assertThat(UserTime.zoneOf("Europe/Berlin")).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(UserTime.zoneOf("Mars/Olympus_Mons")).isEqualTo(ZoneOffset.UTC);
        assertThat(UserTime.zoneOf("")).isEqualTo(ZoneOffset.UTC);
        assertThat(UserTime.zoneOf(null)).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void outsideASessionTimesShowInUtcAndSaySo() {
        assertThat(UserTime.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(UserTime.zoneName()).isEqualTo("UTC");
        assertThat(UserTime.dateTime(EVENING_UTC)).isEqualTo("2026-11-29 23:30:05");
        assertThat(UserTime.startOf(LocalDate.of(2026, 11, 29))).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
    }
}
