package dev.gpuportal.gpu;

import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How much GPU memory one unit of a catalog profile gives, in bytes (decimal GB, as NVIDIA names the slices). */
public final class ProfileMemory {

    private static final long GB = 1_000_000_000L;
    private static final Pattern MIG = Pattern.compile("(\\d+)g\\.(\\d+)gb");
    private static final Pattern MODEL_GB = Pattern.compile("(?i)-(\\d+)GB");
    /** Models whose product label does not name their memory. */
    private static final Map<String, Long> KNOWN = Map.of("NVIDIA-L4", 24L, "NVIDIA-A10", 24L, "NVIDIA-T4", 16L);

    private ProfileMemory() {}

    /** Memory of the whole GPU the profile is taken from; empty for a model we know nothing about. */
    public static OptionalLong ofModel(String gpuModel) {
        Matcher m = MODEL_GB.matcher(gpuModel == null ? "" : gpuModel);
        if (m.find()) {
            return OptionalLong.of(Long.parseLong(m.group(1)) * GB);
        }
        Long known = KNOWN.get(gpuModel);
        return known == null ? OptionalLong.empty() : OptionalLong.of(known * GB);
    }

    /**
     * What one unit may count on. A MIG slice: its own memory. A whole GPU: all of it. A time-sliced share sees the
     * whole GPU's memory but nothing isolates it from the other shares, so only its fair part counts.
     */
    public static OptionalLong perUnit(CatalogChoice profile) {
        if (profile.kind() == GpuProfileKind.MIG) {
            Matcher m = MIG.matcher(profile.resourceName());
            return m.find() ? OptionalLong.of(Long.parseLong(m.group(2)) * GB) : OptionalLong.empty();
        }
        OptionalLong whole = ofModel(profile.gpuModel());
        if (whole.isEmpty() || profile.kind() == GpuProfileKind.WHOLE) {
            return whole;
        }
        return OptionalLong.of(profile.equivalent()
                .toDecimal(9)
                .multiply(java.math.BigDecimal.valueOf(whole.getAsLong()))
                .longValue());
    }
}
