package dev.gpuportal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keycloak stopped under a running portal (the production jar): a call with a token the portal cannot check now
 * is a 503 problem that names the identity provider and says when to try again, a call without one a 401 problem;
 * once Keycloak is back the same token works. (What the login page shows then is asserted by the browser suite,
 * PortalE2ETest#withKeycloakUnreachableTheLoginPageSaysSoInsteadOfFailing.)
 */
class IdentityProviderDownTest {

    @Test
    void withKeycloakDownTheApiAnswers503WithAReasonAndRecoversAfter() throws Exception {
        Path work = Files.createTempDirectory("gpu-portal-idp-down");
        Path keycloak = work.resolve("keycloak");
        String port = Integer.toString(Replica.freePort());
        String issuer = Stack.lastLine(
                Stack.run("bash", Stack.REPO.resolve("e2e/keycloak/start.sh").toString(), port, keycloak.toString()));
        try (Replica portal = Replica.start(
                "portal",
                work,
                Map.of("OIDC_ISSUER_URI", issuer, "OIDC_CLIENT_SECRET", "gpu-portal-dev-secret"),
                List.of(
                        "--spring.datasource.url=jdbc:h2:mem:idp-down",
                        "--gpu-portal.tenants-dir=" + work.resolve("no-tenant-files")))) {
            portal.awaitReady(Duration.ofMinutes(4));
            String token = token(issuer);
            stopKeycloak(keycloak);

            var unchecked = get(portal, token);
            assertThat(unchecked.statusCode()).as(unchecked.body()).isEqualTo(503);
            assertThat(unchecked.headers().firstValue("Content-Type")).hasValue("application/problem+json;charset=UTF-8");
            assertThat(unchecked.headers().firstValue("Retry-After")).hasValue("10");
            assertThat(unchecked.body()).contains("identity provider does not answer");

            var anonymous = get(portal, null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json;charset=UTF-8");
            assertThat(anonymous.body()).contains("Authorization: Bearer …");

            Stack.run("bash", Stack.REPO.resolve("e2e/keycloak/start.sh").toString(), port, keycloak.toString());
            var checked = get(portal, token);
            assertThat(checked.statusCode()).as(checked.body()).isEqualTo(200);
        } finally {
            Stack.run("bash", Stack.REPO.resolve("e2e/keycloak/stop.sh").toString(), keycloak.toString());
        }
    }

    /** Stops Keycloak but keeps its folder (its database and signing keys), so it can start again as it was. */
    private static void stopKeycloak(Path keycloak) throws Exception {
        Stack.runWith(Map.of("KEEP", "1"), "bash", Stack.REPO.resolve("e2e/keycloak/stop.sh").toString(), keycloak.toString());
    }

    private static HttpResponse<String> get(Replica portal, String token) throws Exception {
        var request = HttpRequest.newBuilder(portal.uri("/api/v1/workloads")).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Stack.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(String issuer) throws Exception {
        var response = Stack.HTTP.send(
                HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "grant_type=password&client_id=gpu-portal-api&username=nina&password=demo"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        assertThat(token.find()).as(response.body()).isTrue();
        return token.group(1);
    }
}
