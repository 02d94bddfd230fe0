package dev.gpuportal.tenancy;

import java.util.Locale;

/**
 * What someone typed to find tenants, as the SQL {@code LIKE} pattern (escape character {@code \}) that finds it
 * anywhere in a lower-cased slug or name. Pure. The pattern's wildcards typed by the user are found as themselves.
 */
final class TenantSearch {

    private TenantSearch() {}

    static String containsPattern(String typed) {
        String text = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
        StringBuilder pattern = new StringBuilder("%");
        for (char c : text.toCharArray()) {
            if (c == '%' || c == '_' || c == '\\') {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }
}
