package dev.gpuportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Over real HTTP (Tomcat, not MockMvc; it shares {@link UnknownAddressTest}'s server): what the hardening probe sent, and the headers pages and cookies carry.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebHardeningHttpTest {

    @LocalServerPort
    int port;

    final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }

    String token() throws Exception {
        String body = send(at("/api/v1/demo-tokens")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"demo\"}")))
                .body();
        return body.replaceAll("(?s).*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    @Test
    void aQueryParameterWithoutANameIsNoServerError() throws Exception {
        var response = send(at("/api/v1/workloads?=x").header("Authorization", "Bearer " + token()));
        assertThat(response.statusCode()).isLessThan(500);
    }

    /** Found by the API fuzz test (e2e/fuzz): both answered 500 or the UI's HTML page. */
    @Test
    void aMultipartTypeWithoutBoundaryAndAFirewalledPathAreProblemsNotServerErrors() throws Exception {
        String token = token();
        var multipart = send(at("/api/v1/tenants")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data"));
        assertThat(multipart.statusCode()).isEqualTo(415);
        assertThat(multipart.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
        var semicolon = send(at("/api/v1/tenants/a%3Bb").header("Authorization", "Bearer " + token));
        assertThat(semicolon.statusCode()).isEqualTo(400);
        assertThat(semicolon.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
    }

    @Test
    void largeBodiesAre413ProblemsAndNeverParsed() throws Exception {
        String big = "{\"username\":\"" + "a".repeat(1024 * 1024) + "\",\"password\":\"demo\"}";
        var response = send(at("/api/v1/demo-tokens")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(big)));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
        // the same fields as the controllers' problems, though no controller answered
        assertThat(response.body())
                .contains("\"type\":\"https://gpu-portal.dev/problems/too-large\"")
                .contains("\"status\":413")
                .contains("\"instance\":\"/api/v1/demo-tokens\"")
                .doesNotContain("\"properties\"");
        var unauthenticated = send(at("/api/v1/tenants"));
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(unauthenticated.body())
                .contains("\"type\":\"https://gpu-portal.dev/problems/unauthenticated\"")
                .contains("\"instance\":\"/api/v1/tenants\"");
    }

    @Test
    void unknownApiPathsAreProblemsWithoutASessionAndWrongMethods405() throws Exception {
        String token = token();
        var missing = send(at("/api/v1/no-such-thing").header("Authorization", "Bearer " + token));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
        assertThat(missing.headers().allValues("Set-Cookie")).isEmpty();
        var patch = send(at("/api/v1/tenants")
                .header("Authorization", "Bearer " + token)
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
        assertThat(patch.statusCode()).isEqualTo(405);
        assertThat(patch.headers().firstValue("Allow"))
                .hasValueSatisfying(a -> assertThat(a).contains("GET", "POST"));
        assertThat(patch.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
    }

    /** Pages behind login are rendered by Vaadin from a forward: the headers must be on those too, not only on /login. */
    @Test
    void aPageBehindLoginCarriesTheSecurityHeadersAndALoginWithoutCsrfTokenSignsNobodyIn() throws Exception {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String loginPage = browser.send(at("/login").build(), HttpResponse.BodyHandlers.ofString())
                .body();
        String csrf = loginPage.replaceAll("(?s).*<meta name=\"_csrf\" content=\"([^\"]+)\".*", "$1");
        assertThat(csrf).doesNotContain("<");
        var form = "application/x-www-form-urlencoded";
        var withoutToken = browser.send(
                at("/login")
                        .header("Content-Type", form)
                        .POST(HttpRequest.BodyPublishers.ofString("username=nina&password=demo"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withoutToken.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        var stillOut = browser.send(at("/workloads").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stillOut.statusCode()).isEqualTo(302);
        assertThat(stillOut.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));

        var signedIn = browser.send(
                at("/login")
                        .header("Content-Type", form)
                        .POST(HttpRequest.BodyPublishers.ofString("username=nina&password=demo&_csrf=" + csrf))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("login"));
        var page = browser.send(at("/workloads").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'", "frame-ancestors 'none'"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(c -> assertThat(c).contains("no-store"));
    }

    @Test
    void pagesCarrySecurityHeadersAndTheSessionCookieIsLaxAndNeverInTheUrl() throws Exception {
        var start = send(at("/workloads"));
        assertThat(start.statusCode()).isBetween(300, 399);
        assertThat(start.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain(";jsessionid="));
        assertThat(start.headers().allValues("Set-Cookie"))
                .filteredOn(c -> c.startsWith("JSESSIONID"))
                .allSatisfy(c -> assertThat(c).contains("SameSite=Lax").contains("HttpOnly"));
        var login = send(at("/login"));
        assertThat(login.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp)
                        .contains("default-src 'self'", "frame-ancestors 'none'", "style-src 'self' 'unsafe-inline'"));
        assertThat(login.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(login.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(login.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(login.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(c -> assertThat(c).contains("no-store"));
    }
}
