package dev.gpuportal.gpu;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exact amount of GPU-equivalents, kept as a reduced fraction so that sums of MIG slices (sevenths) and
 * time-sliced shares (1/replicas) never drift the way floating point would.
 */
public record GpuAmount(long numerator, long denominator) implements Comparable<GpuAmount> {

    public static final GpuAmount ZERO = new GpuAmount(0, 1);
    public static final GpuAmount ONE = new GpuAmount(1, 1);

    private static final Pattern FRACTION = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d+)\\s*");
    private static final Pattern MIXED = Pattern.compile("\\s*(\\d+)\\s+(\\d+)\\s*/\\s*(\\d+)\\s*");
    private static final Pattern DECIMAL = Pattern.compile("\\s*(\\d{1,9})(?:[.,](\\d{1,6}))?\\s*");

    public GpuAmount {
        if (denominator == 0) {
            throw new IllegalArgumentException("denominator must not be zero");
        }
        if (denominator < 0) {
            numerator = Math.negateExact(numerator);
            denominator = Math.negateExact(denominator);
        }
        long gcd = gcd(Math.abs(numerator), denominator);
        if (gcd > 1) {
            numerator /= gcd;
            denominator /= gcd;
        }
    }

    public static GpuAmount of(long numerator, long denominator) {
        return new GpuAmount(numerator, denominator);
    }

    public static GpuAmount whole(long gpus) {
        return new GpuAmount(gpus, 1);
    }

    /**
     * Reads what an admin types: "2", "2.5", "3/7" or "2 1/2". Throws {@link IllegalArgumentException} with a
     * message fit for the form field otherwise.
     */
    public static GpuAmount parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Enter an amount of GPUs, e.g. 2.5 or 3/7");
        }
        Matcher m = FRACTION.matcher(text);
        if (m.matches()) {
            long den = Long.parseLong(m.group(2));
            if (den == 0) {
                throw new IllegalArgumentException("A fraction cannot have 0 below the line");
            }
            return of(Long.parseLong(m.group(1)), den);
        }
        m = MIXED.matcher(text);
        if (m.matches()) {
            long den = Long.parseLong(m.group(3));
            if (den == 0) {
                throw new IllegalArgumentException("A fraction cannot have 0 below the line");
            }
            return whole(Long.parseLong(m.group(1))).plus(of(Long.parseLong(m.group(2)), den));
        }
        m = DECIMAL.matcher(text);
        if (m.matches()) {
            String fraction = m.group(2) == null ? "" : m.group(2);
            long scale = (long) Math.pow(10, fraction.length());
            long value = Long.parseLong(m.group(1)) * scale + (fraction.isEmpty() ? 0 : Long.parseLong(fraction));
            return of(value, scale);
        }
        throw new IllegalArgumentException("'" + text.strip() + "' is not an amount of GPUs: use e.g. 2, 2.5 or 3/7");
    }

    public GpuAmount plus(GpuAmount other) {
        long lcm = Math.multiplyExact(denominator / gcd(denominator, other.denominator), other.denominator);
        return of(
                Math.addExact(
                        Math.multiplyExact(numerator, lcm / denominator),
                        Math.multiplyExact(other.numerator, lcm / other.denominator)),
                lcm);
    }

    public GpuAmount minus(GpuAmount other) {
        return plus(other.negate());
    }

    public GpuAmount negate() {
        return of(Math.negateExact(numerator), denominator);
    }

    public GpuAmount times(long factor) {
        return of(Math.multiplyExact(numerator, factor), denominator);
    }

    /** How many whole times {@code unit} fits into this amount (rounded down). */
    public long fitsTimes(GpuAmount unit) {
        if (unit.numerator <= 0) {
            throw new IllegalArgumentException("unit must be positive");
        }
        // (n1/d1) / (n2/d2) = n1*d2 / (d1*n2)
        return Math.floorDiv(
                Math.multiplyExact(numerator, unit.denominator), Math.multiplyExact(denominator, unit.numerator));
    }

    public boolean isZero() {
        return numerator == 0;
    }

    public boolean isNegative() {
        return numerator < 0;
    }

    public boolean isWhole() {
        return denominator == 1;
    }

    public boolean isGreaterThan(GpuAmount other) {
        return compareTo(other) > 0;
    }

    public GpuAmount min(GpuAmount other) {
        return compareTo(other) <= 0 ? this : other;
    }

    public BigDecimal toDecimal(int scale) {
        return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), scale, RoundingMode.HALF_UP);
    }

    public double toDouble() {
        return (double) numerator / denominator;
    }

    /** "0.93", "2.5", "2": at most two decimals, no trailing zeros. */
    public String toDecimalString() {
        return toDecimal(2).stripTrailingZeros().toPlainString();
    }

    /** "3 6/7", "3/7", "2": the exact value for reading, whole GPUs apart from the fraction of one. */
    public String toMixedString() {
        return mixed(false);
    }

    /** "3/7", "5/2", "2": the exact value, as stored and as typed back into forms. */
    public String toFractionString() {
        return denominator == 1 ? Long.toString(numerator) : numerator + "/" + denominator;
    }

    /** A fraction for reading: "½", "⅐", "3/7", "2½". */
    public String toPrettyString() {
        return mixed(true);
    }

    /** Whole GPUs, then the rest of one: as a glyph where one exists and is wanted ("2½"), else "2 1/7". */
    private String mixed(boolean glyphs) {
        if (denominator == 1) {
            return Long.toString(numerator);
        }
        long wholePart = numerator / denominator;
        long rest = Math.abs(numerator % denominator);
        String glyph = glyphs ? UnicodeFractions.glyph(rest, denominator) : null;
        String fraction = glyph != null ? glyph : rest + "/" + denominator;
        if (wholePart == 0) {
            return (numerator < 0 ? "-" : "") + fraction;
        }
        return wholePart + (glyph != null ? "" : " ") + fraction;
    }

    @Override
    public int compareTo(GpuAmount other) {
        return Long.compare(
                Math.multiplyExact(numerator, other.denominator), Math.multiplyExact(other.numerator, denominator));
    }

    @Override
    public String toString() {
        return toFractionString();
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a == 0 ? 1 : a;
    }
}
