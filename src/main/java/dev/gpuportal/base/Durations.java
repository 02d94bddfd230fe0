package dev.gpuportal.base;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them: "90m", "6h", "1d12h", "45s", or plain seconds. */
public final class Durations {

    private static final Pattern PARTS =
            Pattern.compile("(?:(\\d{1,6})d)?(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?(?:(\\d{1,9})s)?");

    private Durations() {}

    /** "1d12h" → 36 hours; throws with a readable message for anything else. */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.strip().replace(" ", "");
        if (t.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        Matcher m = PARTS.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("'" + t + "' is not a duration: use e.g. 90m, 6h or 1d12h");
        }
        return Duration.ofDays(part(m, 1))
                .plusHours(part(m, 2))
                .plusMinutes(part(m, 3))
                .plusSeconds(part(m, 4));
    }

    /** 36 hours → "1d12h", 90 minutes → "1h30m", zero → "0s". */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        append(text, d.toDaysPart(), "d");
        append(text, d.toHoursPart(), "h");
        append(text, d.toMinutesPart(), "m");
        append(text, d.toSecondsPart(), "s");
        return text.toString();
    }

    /** For reading: 720 minutes → "12 h", 90 minutes → "1 h 30 min", 36 hours → "1 d 12 h", zero → "0 s". */
    public static String readable(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return "0 s";
        }
        StringBuilder text = new StringBuilder();
        appendSpaced(text, d.toDaysPart(), "d");
        appendSpaced(text, d.toHoursPart(), "h");
        appendSpaced(text, d.toMinutesPart(), "min");
        appendSpaced(text, d.toSecondsPart(), "s");
        return text.toString();
    }

    private static void appendSpaced(StringBuilder text, long value, String unit) {
        if (value > 0) {
            text.append(text.isEmpty() ? "" : " ").append(value).append(' ').append(unit);
        }
    }

    private static void append(StringBuilder text, long value, String unit) {
        if (value > 0) {
            text.append(value).append(unit);
        }
    }

    private static long part(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }
}
