package dev.gpuportal.gpu;

import java.math.BigDecimal;

/**
 * The one way the portal writes GPU amounts for people: a decimal to read, then the exact fraction of the GPU model
 * it is taken from — "0.14 GPU (1/7 H100)", "0.07 GPU (1/14)", "75.21 GPU (75 3/14)", "2.5 GPU". Amounts below zero
 * are never shown: they read as 0.
 */
public final class GpuFormat {

    /** What a GPU-equivalent is, for tooltips and help texts next to amounts. */
    public static final String EQUIVALENT_HELP = "Amounts are in GPU-equivalents: 1 is one whole GPU. A MIG slice or a"
            + " time-sliced share counts as its fraction of the GPU it is cut from, e.g. a 1g.10gb slice is 1/7 of an"
            + " H100 = 0.14 GPU. Quotas and costs add up these fractions exactly.";

    private static final BigDecimal SMALLEST = new BigDecimal("0.01");

    private GpuFormat() {}

    /** "0.14 GPU (1/7)", "2.5 GPU": the fraction only where the decimal is rounded; negative amounts read "0 GPU". */
    public static String amount(GpuAmount amount) {
        return amount(amount, null);
    }

    /** "0.14 GPU (1/7 H100)", "2 GPU (2 H100)"; without a model as {@link #amount(GpuAmount)}. */
    public static String amount(GpuAmount amount, String model) {
        GpuAmount shown = amount.isNegative() ? GpuAmount.ZERO : amount;
        String decimal = decimal(shown) + " GPU";
        boolean hasModel = model != null && !model.isBlank();
        boolean exact = shown.toDecimal(2).compareTo(shown.toDecimal(12)) == 0;
        if (shown.isZero() || (exact && !hasModel)) {
            return decimal;
        }
        return decimal + " (" + shown.toMixedString() + (hasModel ? " " + model : "") + ")";
    }

    /** What {@code units} of a profile amount to: "0.14 GPU (1/7 H100)" for one 1g.10gb slice. */
    public static String of(GpuProfile profile, long units) {
        return amount(profile.getEquivalent().times(Math.max(0, units)), model(profile.getGpuModel()));
    }

    /** "NVIDIA-H100-80GB-HBM3" → "H100", "NVIDIA-L4" → "L4": the model as people name it. */
    public static String model(String productLabel) {
        if (productLabel == null || productLabel.isBlank()) {
            return null;
        }
        String name = productLabel.strip().replaceFirst("(?i)^nvidia[- ]", "");
        int dash = name.indexOf('-');
        return dash > 0 ? name.substring(0, dash) : name;
    }

    /** Two decimals at most, no trailing zeros; a non-zero amount below 0.01 reads "<0.01". */
    static String decimal(GpuAmount amount) {
        BigDecimal value = amount.toDecimal(2);
        if (!amount.isZero() && value.compareTo(SMALLEST) < 0) {
            return "<0.01";
        }
        return value.stripTrailingZeros().toPlainString();
    }
}
