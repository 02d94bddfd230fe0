package dev.gpuportal.gpu;

import java.util.Map;

/** The vulgar-fraction characters Unicode has, for compact display of common GPU shares. */
final class UnicodeFractions {

    private static final Map<String, String> GLYPHS = Map.ofEntries(
            Map.entry("1/2", "½"),
            Map.entry("1/3", "⅓"),
            Map.entry("2/3", "⅔"),
            Map.entry("1/4", "¼"),
            Map.entry("3/4", "¾"),
            Map.entry("1/5", "⅕"),
            Map.entry("2/5", "⅖"),
            Map.entry("3/5", "⅗"),
            Map.entry("4/5", "⅘"),
            Map.entry("1/6", "⅙"),
            Map.entry("5/6", "⅚"),
            Map.entry("1/7", "⅐"),
            Map.entry("1/8", "⅛"),
            Map.entry("3/8", "⅜"),
            Map.entry("5/8", "⅝"),
            Map.entry("7/8", "⅞"),
            Map.entry("1/9", "⅑"),
            Map.entry("1/10", "⅒"));

    private UnicodeFractions() {}

    static String glyph(long numerator, long denominator) {
        return GLYPHS.get(numerator + "/" + denominator);
    }
}
