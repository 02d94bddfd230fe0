package dev.gpuportal.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TenantSearchTest {

    @Test
    void whatIsTypedIsFoundAnywhereInAnyCase() {
        assertThat(TenantSearch.containsPattern(" Vision ")).isEqualTo("%vision%");
        assertThat(TenantSearch.containsPattern("")).isEqualTo("%%");
        assertThat(TenantSearch.containsPattern(null)).isEqualTo("%%");
    }

    @Test
    void wildcardsTypedAreFoundAsThemselves() {
        assertThat(TenantSearch.containsPattern("100%_a\\b")).isEqualTo("%100\\%\\_a\\\\b%");
    }
}
