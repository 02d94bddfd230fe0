package dev.gpuportal.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which headers and which origins pass a route. */
class RouteFiltersTest {

    @Test
    void thePortalsCredentialsAndHopByHopHeadersStayBehind() {
        assertThat(RouteHeaders.toWorkload("Authorization")).isFalse();
        assertThat(RouteHeaders.toWorkload("Cookie")).isFalse(); // passed filtered, see below
        assertThat(RouteHeaders.toWorkload("Host")).isFalse();
        assertThat(RouteHeaders.toWorkload("Connection")).isFalse();
        assertThat(RouteHeaders.toWorkload("Sec-WebSocket-Key")).isFalse();
        assertThat(RouteHeaders.toWorkload("Origin")).isFalse();
        assertThat(RouteHeaders.toWorkload("Content-Type")).isTrue();
        assertThat(RouteHeaders.toWorkload("X-XSRFToken")).isTrue();
        assertThat(RouteHeaders.toBrowser("Transfer-Encoding")).isFalse();
        assertThat(RouteHeaders.toBrowser("Set-Cookie")).isTrue();
    }

    @Test
    void theSessionCookieIsTakenOutOfTheCookiesTheWorkloadSees() {
        assertThat(RouteHeaders.cookiesForWorkload(List.of("JSESSIONID=abc; _xsrf=2|x; theme=dark"), "JSESSIONID"))
                .isEqualTo("_xsrf=2|x; theme=dark");
        assertThat(RouteHeaders.cookiesForWorkload(List.of("JSESSIONID=abc"), "JSESSIONID"))
                .isNull();
    }

    @Test
    void aBrowserRequestFromAnotherSiteDoesNotPass() {
        assertThat(RouteOrigins.allowed(null, "portal.example.org", "")).isTrue();
        assertThat(RouteOrigins.allowed("https://portal.example.org", "portal.example.org", ""))
                .isTrue();
        assertThat(RouteOrigins.allowed("https://evil.example.com", "portal.example.org", ""))
                .isFalse();
        assertThat(RouteOrigins.allowed("https://gpu.example.org", "10.0.0.5:8080", "https://gpu.example.org"))
                .isTrue();
        assertThat(RouteOrigins.allowed("null", "portal.example.org", "")).isFalse();
    }
}
