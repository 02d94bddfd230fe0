package dev.gpuportal.security;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** True when an OIDC issuer is configured. */
class OidcEnabledCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return !context.getEnvironment()
                .getProperty("gpu-portal.oidc.issuer-uri", "")
                .isBlank();
    }
}
