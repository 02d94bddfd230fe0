package dev.gpuportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An address that is no page, over real HTTP with the demo login: signed-in people reach the portal (which shows its
 * own "Page not found" inside the frame) instead of the filter chain's bare, empty 403; anonymous people are sent to
 * sign in, as for any page.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class UnknownAddressTest {

    @LocalServerPort
    int port;

    final HttpClient browser = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Test
    void aSignedInPersonGetsThePortalsPageForAnUnknownAddressNotAnEmpty403() throws Exception {
        // the login form posts the CSRF token of the page's meta tags, as Vaadin's login form does
        String loginPage = send(get("/login")).body();
        String csrf = loginPage.replaceAll("(?s).*<meta name=\"_csrf\" content=\"([^\"]+)\".*", "$1");
        assertThat(csrf).doesNotContain("<");
        HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=nina&password=demo&_csrf=" + csrf))
                .build());
        assertThat(login.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));

        for (String path : new String[] {"/no/such/page", "/typo", "/image.png"}) {
            HttpResponse<String> page = send(get(path));
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).contains("<html").contains("GPU Portal");
        }
    }

    @Test
    void anAnonymousVisitorIsSentToSignIn() throws Exception {
        HttpResponse<String> page = send(get("/no/such/page"));

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET().build();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return browser.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
