package dev.gpuportal.security;

import java.util.Set;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * True for the embedded default only: no OIDC issuer configured and neither the {@code postgres} nor the
 * {@code prod} profile active. The demo login and demo data hang on it.
 */
public class DemoLoginCondition implements Condition {

    static final Set<String> PRODUCTION_PROFILES = Set.of("postgres", "prod");

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return isDemo(context.getEnvironment());
    }

    public static boolean isDemo(Environment env) {
        String issuer = env.getProperty("gpu-portal.oidc.issuer-uri", "");
        boolean production = Set.of(env.getActiveProfiles()).stream().anyMatch(PRODUCTION_PROFILES::contains);
        return issuer.isBlank() && !production;
    }
}
