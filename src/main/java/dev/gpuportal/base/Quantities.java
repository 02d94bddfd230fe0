package dev.gpuportal.base;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes-style quantities for CPU ("500m", "4") and bytes ("16Gi", "512M"), parsed exactly. */
public final class Quantities {

    private static final Pattern CPU = Pattern.compile("\\s*(\\d{1,9}(?:\\.\\d{1,3})?)(m?)\\s*");
    private static final Pattern BYTES =
            Pattern.compile("\\s*(\\d{1,15}(?:\\.\\d{1,6})?)\\s*(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?\\s*");
    private static final Map<String, Long> BYTE_UNITS = Map.of(
            "Ki",
            1L << 10,
            "Mi",
            1L << 20,
            "Gi",
            1L << 30,
            "Ti",
            1L << 40,
            "Pi",
            1L << 50,
            "k",
            1_000L,
            "M",
            1_000_000L,
            "G",
            1_000_000_000L,
            "T",
            1_000_000_000_000L,
            "P",
            1_000_000_000_000_000L);
    private static final String[] BINARY_SUFFIXES = {"Pi", "Ti", "Gi", "Mi", "Ki"};

    private Quantities() {}

    /** "4" → 4000, "500m" → 500, "0.5" → 500. */
    public static long parseCpuMillis(String text) {
        Matcher m = text == null ? null : CPU.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + (text == null ? "" : text.strip())
                    + "' is not a CPU amount: use cores like 4 or 0.5, or millicores like 500m");
        }
        BigDecimal value = new BigDecimal(m.group(1));
        if (m.group(2).isEmpty()) {
            value = value.movePointRight(3);
        } else if (value.scale() > 0) {
            throw new IllegalArgumentException("Millicores are whole numbers: use e.g. 500m");
        }
        return value.setScale(0, RoundingMode.UNNECESSARY).longValueExact();
    }

    /** "16Gi" → 17179869184, "512M" → 512000000, "1000" → 1000. */
    public static long parseBytes(String text) {
        Matcher m = text == null ? null : BYTES.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + (text == null ? "" : text.strip())
                    + "' is not a size: use e.g. 16Gi, 512Mi or 1Ti (binary) or 500M, 20G (decimal)");
        }
        long unit = m.group(2) == null ? 1 : BYTE_UNITS.get(m.group(2));
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        try {
            return bytes.setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (ArithmeticException tooBig) {
            throw new IllegalArgumentException("'" + text.strip() + "' is far too large");
        }
    }

    /** 4000 → "4", 500 → "500m". */
    public static String formatCpu(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
    }

    /** CPU for people, in cores: 500 → "0.5 cores", 1000 → "1 core", 2250 → "2.25 cores". */
    public static String cores(long millis) {
        String number = BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
        return number + (millis == 1000 ? " core" : " cores");
    }

    /** 17179869184 → "16Gi"; values that are no exact binary multiple stay in bytes or decimal units. */
    public static String formatBytes(long bytes) {
        if (bytes == 0) {
            return "0";
        }
        for (String suffix : BINARY_SUFFIXES) {
            long unit = BYTE_UNITS.get(suffix);
            if (bytes % unit == 0) {
                return bytes / unit + suffix;
            }
        }
        for (String suffix : new String[] {"P", "T", "G", "M", "k"}) {
            long unit = BYTE_UNITS.get(suffix);
            if (bytes % unit == 0) {
                return bytes / unit + suffix;
            }
        }
        return Long.toString(bytes);
    }

    /** A short reading of a size for people: "16 GiB", "1.5 TiB". */
    public static String humanBytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int i = 0;
        while (value >= 1024 && i < units.length - 1) {
            value /= 1024;
            i++;
        }
        BigDecimal rounded =
                BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.toPlainString() + " " + units[i];
    }
}
