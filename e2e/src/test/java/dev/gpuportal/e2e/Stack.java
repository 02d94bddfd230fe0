package dev.gpuportal.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Everything the end-to-end tests run against, real and started here: the simulated cluster (e2e/cluster/up.sh) with
 * Prometheus, kube-state-metrics and the DCGM-exporter stand-in beside it (GPU_PORTAL_METRICS=1), Keycloak with the gpu-portal realm (e2e/keycloak/start.sh), PostgreSQL (embedded binaries) and the production
 * jar of the portal with the postgres profile and OIDC.
 */
final class Stack implements AutoCloseable {

    static final int PORTAL_PORT = 18080;
    static final int KEYCLOAK_PORT = 18180;
    /** Keycloak's https port: the issuer virtual clusters' API servers trust (they accept only https). */
    static final int KEYCLOAK_HTTPS_PORT = 18443;
    static final String HTTPS_ISSUER = "https://localhost:" + KEYCLOAK_HTTPS_PORT + "/realms/gpu-portal";
    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    final Path work;
    final Path kubeconfig;
    final String issuer;
    final EmbeddedPostgres postgres;
    final Process portal;
    final Process kamaji;
    final String portalUrl = "http://localhost:" + PORTAL_PORT;

    private Stack(
            Path work, Path kubeconfig, String issuer, EmbeddedPostgres postgres, Process portal, Process kamaji) {
        this.work = work;
        this.kubeconfig = kubeconfig;
        this.issuer = issuer;
        this.postgres = postgres;
        this.portal = portal;
        this.kamaji = kamaji;
    }

    static Stack start() throws Exception {
        Path jar = REPO.resolve("target/gpu-portal-0.1.0-SNAPSHOT.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Build the production jar first: ./mvnw -Pproduction package -DskipTests");
        }
        Path work = Files.createTempDirectory("gpu-portal-e2e");
        // A start that fails half-way stops what it started so far, in reverse order: no cluster or Keycloak is left.
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            Path kubeconfig = Path.of(lastLine(runWith(
                    Map.of("GPU_PORTAL_METRICS", "1"),
                    "bash", REPO.resolve("e2e/cluster/up.sh").toString(), work.resolve("cluster").toString())));
            started.push(() -> run("bash", REPO.resolve("e2e/cluster/down.sh").toString(), work.resolve("cluster").toString()));
            started.push(() -> run("bash", REPO.resolve("e2e/keycloak/stop.sh").toString(), work.resolve("keycloak").toString()));
            String issuer = lastLine(runWith(
                    Map.of("KEYCLOAK_HTTPS_PORT", Integer.toString(KEYCLOAK_HTTPS_PORT)),
                    "bash", REPO.resolve("e2e/keycloak/start.sh").toString(), Integer.toString(KEYCLOAK_PORT),
                    work.resolve("keycloak").toString()));
            // The test harness plays Kamaji's operator: a real control plane of its own per TenantControlPlane.
            ProcessBuilder standIn = new ProcessBuilder(
                            "bash", REPO.resolve("e2e/cluster/kamaji-standin.sh").toString(), kubeconfig.toString(),
                            work.resolve("kamaji").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("kamaji.log").toFile());
            standIn.environment().put("KAMAJI_STANDIN_OIDC_CA_FILE", work.resolve("keycloak/tls.crt").toString());
            Process kamaji = standIn.start();
            started.push(() -> {
                kamaji.destroy(); // TERM: the stand-in stops the control planes it started
                kamaji.waitFor(60, TimeUnit.SECONDS);
            });
            long crdDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(work.resolve("kamaji.log")).contains("watching")) {
                if (!kamaji.isAlive() || System.nanoTime() > crdDeadline) {
                    throw new IllegalStateException("kamaji-standin.sh: " + Files.readString(work.resolve("kamaji.log")));
                }
                Thread.sleep(200);
            }
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            started.push(postgres);
            ProcessBuilder builder = new ProcessBuilder(
                            javaHome() + "/bin/java",
                            "-Dgpu-portal.tenants-dir=" + work.resolve("no-tenant-files"),
                            "-Dgpu-portal.kubernetes.resync-interval=5s",
                            "-Dlogging.level.dev.gpuportal.cluster.workloads.WorkloadObserver=DEBUG",
                            "-Dgpu-portal.virtual-clusters.oidc-issuer-uri=" + HTTPS_ISSUER,
                            "-Dgpu-portal.metrics.prometheus-url=" + clusterEnv(work, "PROMETHEUS_URL"),
                            // idle GPUs are told within seconds of the admins' idle time, not a minute later
                            "-Dgpu-portal.metrics.idle-check-interval=10s",
                            "-Dgpu-portal.workloads.idle-check-interval=10s",
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
            started.push(() -> {
                portal.destroy();
                portal.waitFor(20, TimeUnit.SECONDS);
            });
            Stack stack = new Stack(work, kubeconfig, issuer, postgres, portal, kamaji);
            stack.awaitPortal();
            return stack;
        } catch (Exception | Error failed) {
            while (!started.isEmpty()) {
                try {
                    started.pop().close();
                } catch (Exception stopping) {
                    failed.addSuppressed(stopping);
                }
            }
            throw failed;
        }
    }

    /** A value up.sh (and metrics/up.sh) wrote into the cluster's cluster.env. */
    static String clusterEnv(Path work, String name) throws IOException {
        return Files.readAllLines(work.resolve("cluster/cluster.env")).stream()
                .filter(line -> line.startsWith(name + "="))
                .map(line -> line.substring(name.length() + 1))
                .reduce((first, last) -> last)
                .orElseThrow(() -> new IllegalStateException(name + " missing from cluster.env"));
    }

    private void awaitPortal() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300); // a busy 2-core machine needs 2 min+
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

    /**
     * An ID token for a realm user from Keycloak's https issuer, as kubectl's oidc-login plugin gets one: what the
     * API servers of virtual clusters accept.
     */
    String idToken(String user) throws Exception {
        var certificate = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(work.resolve("keycloak/tls.crt")));
        var trusted = java.security.KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("keycloak", certificate);
        var trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        var tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        try (HttpClient https = HttpClient.newBuilder().sslContext(tls).build()) {
            var response = https.send(
                    HttpRequest.newBuilder(URI.create(HTTPS_ISSUER + "/protocol/openid-connect/token"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=gpu-portal-api"
                                    + "&scope=openid&username=" + user + "&password=demo"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body().replaceAll("(?s).*\"id_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        }
    }

    long portalPid() {
        return portal.pid();
    }

    /** Runs the simulated cluster's kubectl; returns what it printed (stdout and stderr). */
    String kubectl(String... args) throws Exception {
        String home = System.getProperty("user.home");
        List<String> command = new java.util.ArrayList<>(List.of(
                home + "/.cache/gpu-portal/k8s/v1.37.2/bin/kubectl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return out;
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

    /**
     * Tenant nlp as the admin sets it up through the REST API with a real Keycloak token, in one call: eu-central on
     * the default cluster, 2 GPUs, group nlp-team as members.
     */
    void createTenantNlp() throws Exception {
        var created = api("POST", "/tenants", token("admin"),
                "{\"slug\":\"nlp\",\"displayName\":\"Natural Language Processing\",\"allowedRegions\":[\"eu-central\"],"
                        + "\"clusters\":[\"default\"],\"members\":[{\"type\":\"group\",\"subject\":\"nlp-team\",\"role\":\"member\"}],"
                        + "\"quota\":{\"gpus\":\"2\",\"cpu\":\"64\",\"memory\":\"256Gi\",\"storage\":\"2Ti\",\"maxWorkloads\":\"20\"}}",
                Map.of());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Tenant nlp not created: " + created.statusCode() + " " + created.body());
        }
    }

    /** Debian's Chromium, headless, without the background traffic this machine's closed network refuses. */
    static Browser chromium(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of("/usr/bin/chromium"))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }

    /** Closes what a suite opened, in the order given, skipping what it never got to open. */
    static void closeAll(AutoCloseable... opened) throws Exception {
        for (AutoCloseable each : opened) {
            if (each != null) {
                each.close();
            }
        }
    }

    /** Playwright with its driver only: the browser is the machine's own. */
    static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    void stopKeycloak() throws Exception {
        run("bash", REPO.resolve("e2e/keycloak/stop.sh").toString(), work.resolve("keycloak").toString());
    }

    @Override
    public void close() throws Exception {
        portal.destroy();
        portal.waitFor(20, TimeUnit.SECONDS);
        kamaji.destroy(); // TERM: the stand-in stops the control planes it started
        kamaji.waitFor(60, TimeUnit.SECONDS);
        postgres.close();
        run("bash", REPO.resolve("e2e/keycloak/stop.sh").toString(), work.resolve("keycloak").toString());
        run("bash", REPO.resolve("e2e/cluster/down.sh").toString(), work.resolve("cluster").toString());
    }

    static String run(String... command) throws Exception {
        return runWith(Map.of(), command);
    }

    static String runWith(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
        return out;
    }

    static String lastLine(String out) {
        List<String> lines = out.strip().lines().toList();
        return lines.getLast().strip();
    }

    private static String javaHome() {
        return System.getProperty("java.home");
    }
}
