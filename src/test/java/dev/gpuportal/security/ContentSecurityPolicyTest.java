package dev.gpuportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentSecurityPolicyTest {

    @Test
    void withSingleSignOnPagesMayConnectToAndPostToTheIssuersOriginOnly() {
        String csp = SecurityConfig.contentSecurityPolicy(
                new OidcProperties("https://sso.example.org:8443/realms/gpu-portal/", "gpu-portal", "s", "admin"));

        // Signing out: Vaadin's request follows the redirect to the issuer's logout endpoint (a connection).
        assertThat(csp).contains("connect-src 'self' https://sso.example.org:8443 ws: wss:");
        assertThat(csp).contains("form-action 'self' https://sso.example.org:8443");
        assertThat(csp).doesNotContain("/realms/");
    }

    @Test
    void withTheDemoLoginEverythingStaysOnThePortal() {
        String csp = SecurityConfig.contentSecurityPolicy(new OidcProperties("", "gpu-portal", "", "admin"));

        assertThat(csp)
                .contains(
                        "connect-src 'self' ws: wss:",
                        "form-action 'self'",
                        "frame-ancestors 'none'",
                        "object-src 'none'",
                        "default-src 'self'");
    }
}
