package dev.gpuportal.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Where users sign in, and whether it answers right now (so the login page can say so instead of failing). */
@Component
public class IdentityProvider {

    public static final String LOGIN_PATH = "/oauth2/authorization/" + SecurityConfig.REGISTRATION_ID;

    private final OidcProperties oidc;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    IdentityProvider(OidcProperties oidc) {
        this.oidc = oidc;
    }

    public boolean configured() {
        return oidc.enabled();
    }

    public String issuer() {
        return oidc.issuerUri();
    }

    /** True when the issuer's discovery document answers within a few seconds. */
    public boolean reachable() {
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(URI.create(oidc.issuerUri() + "/.well-known/openid-configuration"))
                            .timeout(Duration.ofSeconds(3))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
