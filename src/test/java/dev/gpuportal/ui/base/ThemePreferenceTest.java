package dev.gpuportal.ui.base;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.page.ColorScheme;
import org.junit.jupiter.api.Test;

/** The remembered light/dark choice: what the cookie may say, and what the page's head script reads. */
class ThemePreferenceTest {

    @Test
    void theCookieNamesAChoiceAndAnythingElseFollowsTheSystem() {
        assertThat(ThemePreference.parse("dark")).isEqualTo(ThemePreference.DARK);
        assertThat(ThemePreference.parse("light")).isEqualTo(ThemePreference.LIGHT);
        assertThat(ThemePreference.parse("system")).isEqualTo(ThemePreference.SYSTEM);
        assertThat(ThemePreference.parse(null)).isEqualTo(ThemePreference.SYSTEM);
        assertThat(ThemePreference.parse("DARK'><script>")).isEqualTo(ThemePreference.SYSTEM);
    }

    @Test
    void systemMeansLumosLightDarkSchemeWhichFollowsPrefersColorScheme() {
        assertThat(ThemePreference.SYSTEM.colorScheme()).isEqualTo(ColorScheme.Value.LIGHT_DARK);
        assertThat(ThemePreference.DARK.colorScheme().getThemeValue()).isEqualTo("dark");
        assertThat(ThemePreference.LIGHT.colorScheme().getThemeValue()).isEqualTo("light");
    }
}
