package dev.gpuportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;

/** Metrics open to Prometheus only on a management port of its own, never on the application's port. */
class MetricsOnManagementPortTest {

    @Test
    void onTheirOwnManagementPortMetricsNeedNoLogin() {
        var env = new MockEnvironment()
                .withProperty("local.server.port", "8080")
                .withProperty("local.management.port", "8081");
        var matcher = SecurityConfig.metricsOnManagementPort(env);

        assertThat(matcher.matches(request(8081, "/actuator/prometheus"))).isTrue();
        assertThat(matcher.matches(request(8080, "/actuator/prometheus"))).isFalse();
        assertThat(matcher.matches(request(8081, "/actuator/env"))).isFalse();
        assertThat(matcher.matches(request(8081, "/actuator/prometheus/../env")))
                .isFalse();
    }

    @Test
    void withoutASeparateManagementPortMetricsStayForAdmins() {
        assertThat(SecurityConfig.metricsOnManagementPort(
                                new MockEnvironment().withProperty("local.server.port", "8080"))
                        .matches(request(8080, "/actuator/prometheus")))
                .isFalse();
        var samePort = new MockEnvironment()
                .withProperty("local.server.port", "8080")
                .withProperty("local.management.port", "8080");
        assertThat(SecurityConfig.metricsOnManagementPort(samePort).matches(request(8080, "/actuator/prometheus")))
                .isFalse();
    }

    private static MockHttpServletRequest request(int port, String uri) {
        var request = new MockHttpServletRequest("GET", uri);
        request.setLocalPort(port);
        return request;
    }
}
