package dev.gpuportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class DemoLoginConditionTest {

    @Test
    void demoLoginOnlyOnTheEmbeddedDefault() {
        assertThat(DemoLoginCondition.isDemo(new MockEnvironment())).isTrue();
        assertThat(DemoLoginCondition.isDemo(new MockEnvironment()
                        .withProperty("gpu-portal.oidc.issuer-uri", "http://localhost:8180/realms/gpu-portal")))
                .isFalse();
        MockEnvironment postgres = new MockEnvironment();
        postgres.setActiveProfiles("postgres");
        assertThat(DemoLoginCondition.isDemo(postgres)).isFalse();
        MockEnvironment prod = new MockEnvironment();
        prod.setActiveProfiles("prod");
        assertThat(DemoLoginCondition.isDemo(prod)).isFalse();
    }
}
