package dev.gpuportal.ui.base;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinSession;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one way the pages print a time: instants are stored and exchanged in UTC, and shown in the time zone of the
 * user's browser, which is asked for once per session. Until the browser has answered (or when it names no zone the
 * JVM knows), times show in UTC and say so.
 */
public final class UserTime {

    static final String ZONE_ATTRIBUTE = UserTime.class.getName() + ".zone";
    static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm");

    private UserTime() {}

    /** Asks the browser for its time zone unless this session already knows it. */
    public static void learnZone(UI ui) {
        VaadinSession session = ui.getSession();
        if (session == null || session.getAttribute(ZONE_ATTRIBUTE) != null) {
            return;
        }
        ui.getPage()
                .retrieveExtendedClientDetails(
                        details -> session.setAttribute(ZONE_ATTRIBUTE, zoneOf(details.getTimeZoneId())));
    }

    /** The zone the current session shows times in; UTC outside a session or before the browser answered. */
    public static ZoneId zone() {
        VaadinSession session = VaadinSession.getCurrent();
        Object zone = session == null ? null : session.getAttribute(ZONE_ATTRIBUTE);
        return zone instanceof ZoneId known ? known : ZoneOffset.UTC;
    }

    /** "2026-11-29 16:05:09" in the user's zone. */
    public static String dateTime(Instant instant) {
        return format(instant, zone(), FULL);
    }

    /** "11-29 16:05" in the user's zone, for dense lists. */
    public static String shortDateTime(Instant instant) {
        return format(instant, zone(), SHORT);
    }

    /** The first instant of {@code day} in the user's zone: where a date filter starts. */
    public static Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone()).toInstant();
    }

    /** The zone's name for a column header, e.g. "Europe/Berlin" or "UTC". */
    public static String zoneName() {
        return zone().getId().equals("Z") ? "UTC" : zone().getId();
    }

    static String format(Instant instant, ZoneId zone, DateTimeFormatter pattern) {
        return instant == null ? "" : pattern.withZone(zone).format(instant);
    }

    static ZoneId zoneOf(String browserZoneId) {
        if (browserZoneId == null || browserZoneId.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(browserZoneId);
        } catch (DateTimeException unknown) {
            return ZoneOffset.UTC;
        }
    }
}
