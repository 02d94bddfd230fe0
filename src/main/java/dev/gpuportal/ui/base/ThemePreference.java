package dev.gpuportal.ui.base;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.page.ColorScheme;
import com.vaadin.flow.server.VaadinRequest;
import jakarta.servlet.http.Cookie;
import java.util.Arrays;
import java.util.Locale;

/**
 * Light or dark: by default the system's choice (prefers-color-scheme, through Lumo's light-dark scheme), or what the
 * person chose in the user menu, remembered in a cookie so that the page is drawn in it from the first paint.
 */
public enum ThemePreference {
    SYSTEM("Follow system", ColorScheme.Value.LIGHT_DARK),
    LIGHT("Light", ColorScheme.Value.LIGHT),
    DARK("Dark", ColorScheme.Value.DARK);

    static final String COOKIE = "gpu-portal-theme";

    /**
     * Runs in the page's head before anything is drawn: applies a remembered choice (the shell's default is the
     * system's). Kept in step with {@link #colorScheme}: Lumo reads the html element's theme attribute.
     */
    public static final String HEAD_SCRIPT = "(function(){var m=document.cookie.match(/(?:^|; )" + COOKIE
            + "=(light|dark)(?:;|$)/);if(m){var h=document.documentElement;h.setAttribute('theme',m[1]);"
            + "h.style.colorScheme=m[1];}})();";

    private final String label;
    private final ColorScheme.Value colorScheme;

    ThemePreference(String label, ColorScheme.Value colorScheme) {
        this.label = label;
        this.colorScheme = colorScheme;
    }

    public String label() {
        return label;
    }

    public ColorScheme.Value colorScheme() {
        return colorScheme;
    }

    /** The cookie's value, or the system's choice for anything else (absent, tampered, old). */
    static ThemePreference parse(String value) {
        return Arrays.stream(values())
                .filter(p -> p.name().toLowerCase(Locale.ROOT).equals(value))
                .findFirst()
                .orElse(SYSTEM);
    }

    /** The choice remembered by the browser making the current request. */
    static ThemePreference current() {
        VaadinRequest request = VaadinRequest.getCurrent();
        Cookie[] cookies = request == null ? null : request.getCookies();
        if (cookies == null) {
            return SYSTEM;
        }
        return Arrays.stream(cookies)
                .filter(c -> COOKIE.equals(c.getName()))
                .map(c -> parse(c.getValue()))
                .findFirst()
                .orElse(SYSTEM);
    }

    /** Applies the choice to the page now and remembers it for a year. */
    void applyTo(UI ui) {
        ui.getPage().setColorScheme(colorScheme);
        ui.getPage()
                .executeJs(
                        "document.cookie=$0+'='+$1+'; path=/; max-age=31536000; SameSite=Lax'",
                        COOKIE,
                        name().toLowerCase(Locale.ROOT));
    }
}
