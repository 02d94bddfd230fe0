package dev.gpuportal.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Everything the end-to-end tests run against, real and started here: the simulated cluster (e2e/cluster/up.sh),
 * Keycloak with the gpu-portal realm (e2e/keycloak/start.sh), PostgreSQL (embedded binaries) and the production
 * jar of the portal with the postgres profile and OIDC.
 */
final class Stack implements AutoCloseable {

    static final int PORTAL_PORT = 18080;
    static final int KEYCLOAK_PORT = 18180;
    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    final Path work;
    final Path kubeconfig;
    final String issuer;
    final EmbeddedPostgres postgres;
    final Process portal;
    final String portalUrl = "http://localhost:" + PORTAL_PORT;

    private Stack(Path work, Path kubeconfig, String issuer, EmbeddedPostgres postgres, Process portal) {
        this.work = work;
        this.kubeconfig = kubeconfig;
        this.issuer = issuer;
        this.postgres = postgres;
        this.portal = portal;
    }

    static Stack start() throws Exception {
        Path jar = REPO.resolve("target/gpu-portal-0.1.0-SNAPSHOT.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Build the production jar first: ./mvnw -Pproduction package -DskipTests");
        }
        Path work = Files.createTempDirectory("gpu-portal-e2e");
        Path kubeconfig = Path.of(lastLine(run("bash", REPO.resolve("e2e/cluster/up.sh").toString(), work.resolve("cluster").toString())));
        String issuer = lastLine(run(
                "bash", REPO.resolve("e2e/keycloak/start.sh").toString(), Integer.toString(KEYCLOAK_PORT),
                work.resolve("keycloak").toString()));
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        ProcessBuilder builder = new ProcessBuilder(
                        javaHome() + "/bin/java",
                        "-Dgpu-portal.tenants-dir=" + work.resolve("no-tenant-files"),
                        "-Dgpu-portal.kubernetes.resync-interval=5s",
                        "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("portal.log").toFile());
        builder.environment().putAll(Map.of(
                "PORT", Integer.toString(PORTAL_PORT),
                "SPRING_PROFILES_ACTIVE", "postgres",
                "GPU_PORTAL_DB_URL", postgres.getJdbcUrl("postgres", "postgres"),
                "GPU_PORTAL_DB_USER", "postgres",
                "GPU_PORTAL_DB_PASSWORD", "",
                "OIDC_ISSUER_URI", issuer,
                "OIDC_CLIENT_SECRET", "gpu-portal-dev-secret",
                "KUBECONFIG", kubeconfig.toString(),
                "VAADIN_USAGE_STATS_ENABLED", "false"));
        Process portal = builder.start();
        Stack stack = new Stack(work, kubeconfig, issuer, postgres, portal);
        stack.awaitPortal();
        return stack;
    }

    private void awaitPortal() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!portal.isAlive()) {
                throw new IllegalStateException("The portal exited:\n" + Files.readString(work.resolve("portal.log")));
            }
            try {
                var response = HTTP.send(
                        HttpRequest.newBuilder(URI.create(portalUrl + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The portal did not become ready; log in " + work.resolve("portal.log"));
    }

    /** A token for a realm user from the API client (password grant), as a script would get one. */
    String token(String user) throws Exception {
        var response = HTTP.send(
                HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "grant_type=password&client_id=gpu-portal-api&username=" + user + "&password=demo"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return body.replaceAll("(?s).*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    /** Calls the portal's API with a bearer token; returns status and body. */
    HttpResponse<String> api(String method, String path, String token, String json, Map<String, String> headers)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create(portalUrl + "/api/v1" + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Adds a realm user to a group through Keycloak's admin API, as an identity admin would. */
    void addToGroup(String user, String group) throws Exception {
        String base = issuer.substring(0, issuer.indexOf("/realms/"));
        var tokenResponse = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "grant_type=password&client_id=admin-cli&username=kcadmin&password=kcadmin"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String admin = tokenResponse.body().replaceAll("(?s).*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        String users = get(base + "/admin/realms/gpu-portal/users?exact=true&username=" + user, admin);
        String userId = users.replaceAll("(?s).*?\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        String groups = get(base + "/admin/realms/gpu-portal/groups?search=" + group, admin);
        String groupId = groups.replaceAll("(?s).*?\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        var response = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/admin/realms/gpu-portal/users/" + userId + "/groups/" + groupId))
                        .header("Authorization", "Bearer " + admin)
                        .PUT(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("Keycloak refused the group change: " + response.statusCode() + " " + response.body());
        }
    }

    private static String get(String url, String token) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    void stopKeycloak() throws Exception {
        run("bash", REPO.resolve("e2e/keycloak/stop.sh").toString(), work.resolve("keycloak").toString());
    }

    @Override
    public void close() throws Exception {
        portal.destroy();
        portal.waitFor(20, TimeUnit.SECONDS);
        postgres.close();
        run("bash", REPO.resolve("e2e/keycloak/stop.sh").toString(), work.resolve("keycloak").toString());
        run("bash", REPO.resolve("e2e/cluster/down.sh").toString(), work.resolve("cluster").toString());
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
        return out;
    }

    private static String lastLine(String out) {
        List<String> lines = out.strip().lines().toList();
        return lines.getLast().strip();
    }

    private static String javaHome() {
        return System.getProperty("java.home");
    }
}
