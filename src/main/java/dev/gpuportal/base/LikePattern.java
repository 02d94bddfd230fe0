package dev.gpuportal.base;

import java.util.Locale;

/**
 * What someone typed into a search, as the SQL {@code LIKE} pattern (escape character {@link #ESCAPE}) that finds it
 * anywhere in a lower-cased column. Pure. The {@code LIKE} wildcards typed are found as themselves.
 */
public final class LikePattern {

    public static final char ESCAPE = '\\';

    private LikePattern() {}

    public static String containing(String typed) {
        String text = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
        StringBuilder pattern = new StringBuilder("%");
        for (char c : text.toCharArray()) {
            if (c == '%' || c == '_' || c == ESCAPE) {
                pattern.append(ESCAPE);
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }
}
