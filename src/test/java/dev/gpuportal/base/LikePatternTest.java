package dev.gpuportal.base;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LikePatternTest {

    @Test
    void whatIsTypedIsFoundAnywhereInAnyCase() {
        assertThat(LikePattern.containing(" Vision ")).isEqualTo("%vision%");
        assertThat(LikePattern.containing("")).isEqualTo("%%");
        assertThat(LikePattern.containing(null)).isEqualTo("%%");
    }

    @Test
    void wildcardsTypedAreFoundAsThemselves() {
        assertThat(LikePattern.containing("100%_a\\b")).isEqualTo("%100\\%\\_a\\\\b%");
    }
}
