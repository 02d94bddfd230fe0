package dev.gpuportal.gpu;

/** {@code count} units of one profile, each worth {@code each} GPU. */
public record GpuPortion(String shortLabel, GpuProfileKind kind, GpuAmount each, long count) {

    public GpuAmount total() {
        return each.times(count);
    }

    public static GpuPortion of(GpuProfile profile, long count) {
        return new GpuPortion(profile.getShortLabel(), profile.getKind(), profile.getEquivalent(), count);
    }
}
