package dev.gpuportal.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The identity provider (Keycloak). Endpoints are derived from the issuer by Keycloak's layout rather than
 * discovered at start-up, so the portal starts (and can say so clearly) while Keycloak is down.
 */
@ConfigurationProperties("gpu-portal.oidc")
public record OidcProperties(String issuerUri, String clientId, String clientSecret, String adminRole) {

    public OidcProperties {
        issuerUri = issuerUri == null ? "" : issuerUri.replaceAll("/+$", "");
        clientId = clientId == null || clientId.isBlank() ? "gpu-portal" : clientId;
        adminRole = adminRole == null || adminRole.isBlank() ? "platform-admin" : adminRole;
    }

    public boolean enabled() {
        return !issuerUri.isBlank();
    }

    String endpoint(String path) {
        return issuerUri + "/protocol/openid-connect/" + path;
    }
}
