package dev.gpuportal.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.gpuportal.cluster.tenants.TenantReconciler;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.security.Authorities;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.testsupport.jupyter.JupyterServer;
import dev.gpuportal.testsupport.jupyter.KernelMessages;
import dev.gpuportal.testsupport.kubernetes.SimulatedClusterSpringTest;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadForm;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadView;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A notebook opened through its route on the simulated cluster, with a real Jupyter server standing in for the
 * notebook's container: it is started with the container's token and arguments, and the notebook's pod is given the
 * server's address (as a kubelet would report it), so the API server's service proxy reaches it through the
 * notebook's own Service.
 */
class NotebookRouteIT extends SimulatedClusterSpringTest {

    @LocalServerPort
    int port;

    @Autowired
    TenantService tenants;

    @Autowired
    MembershipService memberships;

    @Autowired
    QuotaService quotas;

    @Autowired
    TenantReconciler tenantReconciler;

    @Autowired
    WorkloadService workloads;

    @Autowired
    EndpointKeys keys;

    @Autowired
    dev.gpuportal.workload.NotebookActivity activity;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    final KubernetesClient admin = cluster.admin();

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void theOwnerOpensJupyterAndRunsCodeOverTheKernelWebSocketOthersGetTheMissingWorkloads404() throws Exception {
        tenant("acc-nlp", "nlp-team");
        tenant("acc-rec", "recsys-team");
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        "nina", null, Authorities.of(Set.of("nlp-team"), false)));
        WorkloadView nb = workloads.submit(new WorkloadForm.Notebook(
                "acc-nlp",
                "explore",
                "quay.io/jupyter/scipy-notebook:2026-11-02",
                "1",
                "4Gi",
                "mig-1g.10gb",
                "1",
                "10Gi"));
        SecurityContextHolder.clearContext();
        String base = "/t/acc-nlp/notebooks/explore/";

        Browser anonymous = new Browser();
        HttpResponse<String> toLogin = anonymous.send(HttpRequest.newBuilder(anonymous.uri(base))
                .header("Accept", "text/html")
                .GET());
        assertThat(toLogin.statusCode()).isEqualTo(302);
        assertThat(toLogin.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        assertThat(anonymous.get(base + "api/status").statusCode()).isEqualTo(401); // a program: no login page

        Browser nina = signedIn("nina");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> AsPlatformAdmin.call(() -> workloads.get(nb.id()).phase()) == ObservedPhase.RUNNING);

        try (JupyterServer jupyter = standInFor("acc-nlp", "explore")) {
            HttpResponse<String> page = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> nina.get(base), r -> r.statusCode() == 200);
            assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(page.body())
                    .contains("<html")
                    .containsIgnoringCase("jupyter")
                    .contains(base + "static/") // links stay on the route, as Jupyter wrote them
                    .doesNotContain("/api/v1/namespaces/");

            HttpResponse<String> kernel = nina.post(base + "api/kernels", "{\"name\":\"python3\"}");
            assertThat(kernel.statusCode()).as(kernel.body()).isEqualTo(201);
            Matcher id = Pattern.compile("\"id\": ?\"([^\"]+)\"").matcher(kernel.body());
            assertThat(id.find()).isTrue();
            assertThat(nina.evaluate(base + "api/kernels/" + id.group(1) + "/channels", "6*7"))
                    .isEqualTo("42");
            // The idle check asks the same server, under the same base URL, through the notebook's Service.
            assertThat(activity.lastActivity(
                            AsPlatformAdmin.call(() -> workloads.findForInternalUse(nb.id()))
                                    .orElseThrow(),
                            "acc-nlp"))
                    .isPresent();

            // Another tenant's user, a path that climbs out, and a workload that does not exist look the same.
            Browser ravi = signedIn("ravi");
            HttpResponse<String> refused = ravi.get(base);
            HttpResponse<String> missing = nina.get("/t/acc-nlp/notebooks/nothing/");
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(refused.body()).isEqualTo(missing.body());
            assertThat(ravi.get("/t/acc-rec/notebooks/explore/").statusCode()).isEqualTo(404);
            assertThat(nina.get("/t/acc-rec/notebooks/x/..%2f..%2f..%2facc-nlp/notebooks/explore/")
                            .statusCode())
                    .isIn(400, 403, 404);

            // A page of another site cannot use nina's session through the route.
            HttpResponse<String> crossSite = nina.send(HttpRequest.newBuilder(nina.uri(base + "api/kernels"))
                    .header("Origin", "https://evil.example.com")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(crossSite.statusCode()).isEqualTo(403);
        }

        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        "nina", null, Authorities.of(Set.of("nlp-team"), false)));
        workloads.stop(nb.id());
        SecurityContextHolder.clearContext();
        HttpResponse<String> stopped = nina.send(HttpRequest.newBuilder(nina.uri(base))
                .header("Accept", "text/html")
                .GET());
        assertThat(stopped.statusCode()).isEqualTo(503);
        assertThat(stopped.body()).contains("notebook explore is stopped").contains("/workloads/" + nb.id());
    }

    @Test
    void programsCallAnEndpointWithAKeyMembersWithTheirSessionRevokedAndMisplacedKeysAreRefused() throws Exception {
        tenant("acc-ep", "nlp-team");
        asNina();
        InetAddress address = nonLoopbackAddress();
        HttpServer model = HttpServer.create(new InetSocketAddress(address, 0), 0);
        model.createContext("/hang", exchange -> {
            try {
                Thread.sleep(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        model.createContext("/", exchange -> {
            byte[] body = ("{\"path\":\"" + exchange.getRequestURI() + "\",\"authorization\":"
                            + (exchange.getRequestHeaders().containsKey("Authorization") ? "true" : "false") + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        model.start();
        try {
            WorkloadView ep = workloads.submit(new WorkloadForm.Inference(
                    "acc-ep",
                    "ranker",
                    "nvcr.io/nvidia/tritonserver:26.10-py3",
                    Integer.toString(model.getAddress().getPort()),
                    "1",
                    "2Gi",
                    "",
                    "0",
                    "1",
                    "1",
                    "70",
                    "/v2/health/ready"));
            WorkloadView other = workloads.submit(new WorkloadForm.Inference(
                    "acc-ep",
                    "other",
                    "nvcr.io/nvidia/tritonserver:26.10-py3",
                    "8000",
                    "1",
                    "2Gi",
                    "",
                    "0",
                    "1",
                    "1",
                    "70",
                    "/v2/health/ready"));
            EndpointKeys.CreatedKey key = keys.create(ep.id(), "ci");
            EndpointKeys.CreatedKey otherKey = keys.create(other.id(), "ci");
            SecurityContextHolder.clearContext();
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            AsPlatformAdmin.call(() -> workloads.get(ep.id()).phase()) == ObservedPhase.RUNNING);
            String pod = admin.pods()
                    .inNamespace("acc-ep")
                    .withLabel("gpu-portal.dev/workload-id", Long.toString(ep.id()))
                    .list()
                    .getItems()
                    .getFirst()
                    .getMetadata()
                    .getName();
            pointPodAt("acc-ep", pod, address);
            String route = "/t/acc-ep/endpoints/ranker/v2/models/m/infer";

            Browser program = new Browser();
            HttpResponse<String> called = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> program.withKey(route, key.key()), r -> r.statusCode() == 200);
            assertThat(called.body()).isEqualTo("{\"path\":\"/v2/models/m/infer\",\"authorization\":false}");
            assertThat(signedIn("nina").get(route).statusCode()).isEqualTo(200);

            // A model server that hangs is cut after the configured time.
            long asked = System.nanoTime();
            HttpResponse<String> hung = program.withKey("/t/acc-ep/endpoints/ranker/hang", key.key());
            long waitedMs = (System.nanoTime() - asked) / 1_000_000;
            assertThat(hung.statusCode()).isEqualTo(504);
            assertThat(hung.body()).contains("workload-timeout").contains("did not answer within 5 s");
            assertThat(waitedMs).isBetween(4_500L, 12_000L);

            double keyless = meters.counter("gpu.portal.access.refused", "reason", "no key")
                    .count();
            assertThat(program.get(route).statusCode()).isEqualTo(401);
            assertThat(meters.counter("gpu.portal.access.refused", "reason", "no key")
                            .count())
                    .isEqualTo(keyless + 1); // refused by the security filters, before the route, and still counted
            assertThat(program.withKey(route, otherKey.key()).statusCode()).isEqualTo(401);
            assertThat(program.withKey(route, key.key().substring(0, key.key().length() - 2) + "xx")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(program.get(route + "?api_key=" + key.key()).statusCode())
                    .isEqualTo(401);
            asNina();
            keys.revoke(ep.id(), key.view().id());
            SecurityContextHolder.clearContext();
            assertThat(program.withKey(route, key.key()).statusCode()).isEqualTo(401);
            assertThat(meters.get("gpu.portal.access.refused").counters().stream()
                            .mapToDouble(c -> c.count())
                            .sum())
                    .isGreaterThanOrEqualTo(4);
        } finally {
            model.stop(0);
        }
    }

    private void asNina() {
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        "nina", null, Authorities.of(Set.of("nlp-team"), false)));
    }

    /** Starts a real Jupyter server as the notebook's container would run, and points the notebook's pod at it. */
    private JupyterServer standInFor(String ns, String name) throws Exception {
        String token = new String(
                Base64.getDecoder()
                        .decode(admin.secrets()
                                .inNamespace(ns)
                                .withName(name + "-jupyter")
                                .get()
                                .getData()
                                .get("token")),
                StandardCharsets.UTF_8);
        List<EnvVar> env = admin.apps()
                .statefulSets()
                .inNamespace(ns)
                .withName(name)
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv();
        String args = env.stream()
                .filter(e -> e.getName().equals("NOTEBOOK_ARGS"))
                .findFirst()
                .orElseThrow()
                .getValue();
        InetAddress address = nonLoopbackAddress();
        JupyterServer jupyter = JupyterServer.start(
                address, 8888, token, List.of(args.split(" ")), "/t/" + ns + "/notebooks/" + name + "/");
        pointPodAt(ns, name + "-0", address);
        return jupyter;
    }

    /** Gives a pod the address of a stand-in server, as a kubelet reports the pod's IP. */
    private void pointPodAt(String ns, String podName, InetAddress address) {
        String ip = address.getHostAddress();
        admin.pods().inNamespace(ns).withName(podName).editStatus(pod -> {
            pod.setStatus(new PodStatusBuilder(pod.getStatus())
                    .withPodIP(ip)
                    .withPodIPs()
                    .addNewPodIP(ip)
                    .build());
            return pod;
        });
    }

    /** The API server's proxy refuses loopback addresses: the stand-in listens on the machine's own address. */
    private static InetAddress nonLoopbackAddress() throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLinkLocalAddress())
                .findFirst()
                .orElseThrow(() -> new AssertionError("the API server proxies only to non-loopback addresses"));
    }

    private void tenant(String slug, String group) {
        AsPlatformAdmin.run(() -> {
            tenants.create(new TenantDraft(slug, slug, null, IsolationTier.SHARED, List.of()), List.of("sim"));
            memberships.grant(slug, SubjectType.GROUP, group, TenantRole.MEMBER);
            quotas.update(
                    slug, QuotaService.NO_QUOTA_YET, new QuotaDraft("2", Map.of(), "200", "800Gi", "10Ti", "50", ""));
        });
        tenantReconciler.reconcile(slug);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> admin.resourceQuotas()
                                .inNamespace(slug)
                                .withName("gpu-portal-quota")
                                .get()
                                .getStatus()
                        != null);
    }

    /** Signs in through the demo login's form, as a browser does. */
    private Browser signedIn(String user) throws Exception {
        Browser browser = new Browser();
        // the login form posts the CSRF token of the page's meta tags, as Vaadin's login form does
        String loginPage = browser.get("/login").body();
        String csrf = loginPage.replaceAll("(?s).*<meta name=\"_csrf\" content=\"([^\"]+)\".*", "$1");
        assertThat(csrf).doesNotContain("<");
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(browser.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=demo&_csrf=" + csrf)));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow())
                .doesNotContain("error")
                .doesNotEndWith("/login");
        return browser;
    }

    /** A browser's view of the portal: a session cookie, no redirects followed. */
    private class Browser {
        private final HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new java.net.CookieManager())
                .build();

        URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String path) throws Exception {
            return send(HttpRequest.newBuilder(uri(path)).GET());
        }

        HttpResponse<String> withKey(String path, String key) throws Exception {
            return send(HttpRequest.newBuilder(uri(path))
                    .header("Authorization", "Bearer " + key)
                    .GET());
        }

        HttpResponse<String> post(String path, String json) throws Exception {
            return send(HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
        }

        /** Runs code in a kernel over its WebSocket (Jupyter's v1 protocol) and returns the result's text. */
        String evaluate(String channelsPath, String code) throws Exception {
            String session = UUID.randomUUID().toString();
            CompletableFuture<String> result = new CompletableFuture<>();
            String cookies = ((java.net.CookieManager) http.cookieHandler().orElseThrow())
                    .getCookieStore().getCookies().stream()
                            .map(Object::toString)
                            .reduce((a, b) -> a + "; " + b)
                            .orElse("");
            WebSocket socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Cookie", cookies)
                    .subprotocols(KernelMessages.SUBPROTOCOL)
                    .buildAsync(
                            URI.create("ws://localhost:" + port + channelsPath + "?session_id=" + session),
                            new WebSocket.Listener() {
                                private final java.io.ByteArrayOutputStream parts = new java.io.ByteArrayOutputStream();

                                @Override
                                public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                                    byte[] bytes = new byte[data.remaining()];
                                    data.get(bytes);
                                    parts.writeBytes(bytes);
                                    if (last) {
                                        var message = KernelMessages.decode(ByteBuffer.wrap(parts.toByteArray()));
                                        parts.reset();
                                        if (message.channel().equals("iopub")
                                                && message.parts().getFirst().contains("\"execute_result\"")) {
                                            Matcher text = Pattern.compile("\"text/plain\": ?\"([^\"]*)\"")
                                                    .matcher(message.parts().get(3));
                                            result.complete(
                                                    text.find()
                                                            ? text.group(1)
                                                            : message.parts().get(3));
                                        }
                                    }
                                    ws.request(1);
                                    return null;
                                }

                                @Override
                                public void onError(WebSocket ws, Throwable error) {
                                    result.completeExceptionally(error);
                                }

                                @Override
                                public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                                    result.completeExceptionally(
                                            new AssertionError("closed before the result: " + status + " " + reason));
                                    return null;
                                }
                            })
                    .get(30, TimeUnit.SECONDS);
            assertThat(socket.getSubprotocol()).isEqualTo(KernelMessages.SUBPROTOCOL);
            String header = "{\"msg_id\":\"" + UUID.randomUUID() + "\",\"username\":\"nina\",\"session\":\"" + session
                    + "\",\"msg_type\":\"execute_request\",\"version\":\"5.3\",\"date\":\"" + Instant.now() + "\"}";
            String content = "{\"code\":\"" + code + "\",\"silent\":false,\"store_history\":false,"
                    + "\"user_expressions\":{},\"allow_stdin\":false,\"stop_on_error\":true}";
            socket.sendBinary(KernelMessages.encode("shell", header, "{}", "{}", content), true)
                    .get(10, TimeUnit.SECONDS);
            try {
                return result.get(60, TimeUnit.SECONDS);
            } finally {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            }
        }
    }
}
