package dev.gpuportal.gpu;

import dev.gpuportal.base.FieldErrors;
import dev.gpuportal.base.InvalidInputException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks the cheapest profile that covers a stated need, with the same rule as right-sizing ({@link ProfileCover}).
 * The memory gets the same 20 % head-room (a pod that runs out of GPU memory fails); the compute share is taken as
 * stated (too little compute only makes it slower). Pure.
 */
public final class GpuNeedRules {

    static final BigDecimal MAX_MEMORY_GB = new BigDecimal("100000");
    static final GpuAmount MAX_COMPUTE = GpuAmount.whole(64);
    private static final Pattern MEMORY = Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(?:gb)?\\s*");

    private GpuNeedRules() {}

    /** The profile picked: {@code units} of it per pod, and in plain words why. */
    public record Pick(String profile, String profileLabel, int units, GpuAmount cost, String text) {}

    /**
     * The cheapest of {@code usable} (the catalog the tenant may use) covering {@code need}; {@code maxUnits} says how
     * many units of a profile one pod may hold. A wrong or uncoverable need is an {@link InvalidInputException} on
     * its field.
     */
    public static Pick pick(GpuNeed need, List<CatalogChoice> usable, ToIntFunction<CatalogChoice> maxUnits) {
        FieldErrors errors = new FieldErrors();
        BigDecimal memoryGb = memory(need.memoryGb(), errors);
        GpuAmount compute = compute(need.computeShare(), errors);
        errors.throwIfAny();
        double memoryBytes = memoryGb.doubleValue() * 1e9 * ProfileCover.MARGIN;
        var cover = ProfileCover.cheapest(new ProfileCover.Need(memoryBytes, compute.toDouble()), usable, maxUnits);
        if (cover.isEmpty()) {
            boolean memoryAloneFits = ProfileCover.cheapest(new ProfileCover.Need(memoryBytes, 0), usable, maxUnits)
                    .isPresent();
            throw InvalidInputException.of(
                    memoryAloneFits ? GpuNeed.COMPUTE_FIELD : GpuNeed.MEMORY_FIELD,
                    nothingCovers(memoryGb, compute, usable, maxUnits));
        }
        CatalogChoice p = cover.get().profile();
        int units = cover.get().units();
        return new Pick(p.name(), p.shortLabel(), units, cover.get().cost(), text(memoryGb, compute, cover.get()));
    }

    static String text(BigDecimal memoryGb, GpuAmount compute, ProfileCover.Cover cover) {
        CatalogChoice p = cover.profile();
        String described = ProfileCover.describe(p, cover.units());
        StringBuilder text = new StringBuilder(Character.toUpperCase(described.charAt(0)) + described.substring(1))
                .append(" covers ")
                .append(needText(memoryGb, compute))
                .append(" and is the cheapest profile that does: ")
                .append(cover.cost().toFractionString())
                .append(" GPU");
        GpuAmount rest = GpuAmount.ONE.minus(cover.cost());
        if (p.kind() != GpuProfileKind.WHOLE && !rest.isNegative() && !rest.isZero()) {
            text.append("; it frees ")
                    .append(rest.toFractionString())
                    .append(" of the ")
                    .append(GpuFormat.model(p.gpuModel()))
                    .append(" for others");
        }
        text.append('.');
        if (p.kind() == GpuProfileKind.TIME_SLICED) {
            text.append(" A time-sliced share has no memory isolation: the other shares of the GPU use the same"
                    + " memory, so only its fair part was counted.");
        }
        return text.toString();
    }

    private static String needText(BigDecimal memoryGb, GpuAmount compute) {
        String memory = memoryGb.stripTrailingZeros().toPlainString() + " GB (" + gigabytes(memoryGb) + " GB with 20 %"
                + " head-room)";
        return compute.isZero() ? memory : memory + " and " + compute.toFractionString() + " GPU of compute";
    }

    private static String nothingCovers(
            BigDecimal memoryGb, GpuAmount compute, List<CatalogChoice> usable, ToIntFunction<CatalogChoice> maxUnits) {
        long most = 0;
        String largest = null;
        for (CatalogChoice p : usable) {
            OptionalLong memory = ProfileMemory.perUnit(p);
            int units = maxUnits.applyAsInt(p);
            if (memory.isPresent() && units > 0 && memory.getAsLong() * units > most) {
                most = memory.getAsLong() * units;
                largest = ProfileCover.describe(p, units);
            }
        }
        String why = "Nothing in the catalog your tenant may use covers " + needText(memoryGb, compute);
        return largest == null
                ? why + ": it offers no GPU profile whose memory is known. Choose a profile instead"
                : why + ": the most one pod can get is " + largest + " (" + Math.round(most / 1e9)
                        + " GB). Ask for less, or split the work over several pods";
    }

    private static BigDecimal memory(String text, FieldErrors errors) {
        Matcher m = MEMORY.matcher(text == null ? "" : text);
        if (!m.matches()) {
            errors.add(GpuNeed.MEMORY_FIELD, "How much GPU memory one pod needs, in GB, e.g. 20");
            return BigDecimal.ZERO;
        }
        BigDecimal gb = new BigDecimal(m.group(1));
        if (gb.signum() <= 0 || gb.compareTo(MAX_MEMORY_GB) > 0) {
            errors.add(GpuNeed.MEMORY_FIELD, "More than 0 and at most " + MAX_MEMORY_GB + " GB");
        }
        return gb;
    }

    private static GpuAmount compute(String text, FieldErrors errors) {
        if (text == null || text.isBlank()) {
            return GpuAmount.ZERO;
        }
        try {
            GpuAmount share = GpuAmount.parse(text.strip());
            if (share.isZero() || share.isGreaterThan(MAX_COMPUTE)) {
                errors.add(
                        GpuNeed.COMPUTE_FIELD, "More than 0 and at most " + MAX_COMPUTE.toFractionString() + " GPUs");
            }
            return share;
        } catch (IllegalArgumentException e) {
            errors.add(GpuNeed.COMPUTE_FIELD, e.getMessage());
            return GpuAmount.ZERO;
        }
    }

    private static String gigabytes(BigDecimal memoryGb) {
        return String.format(Locale.ROOT, "%.1f", memoryGb.doubleValue() * ProfileCover.MARGIN)
                .replaceAll("\\.0$", "");
    }
}
