package dev.gpuportal.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.sun.net.httpserver.HttpServer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Routes as people use them, in Chromium against the production jar: a notebook opened with the connection panel's
 * Open button runs code in a real Jupyter server's kernel over the route's WebSocket; an inference endpoint, backed
 * by a small real HTTP server, is called with the {@code curl} line the page shows and a key made on the page.
 * Both servers stand in for the workloads' containers: they listen on this machine's address and the workloads'
 * pods are given that address (as a kubelet reports a pod's IP), so the API server's service proxy reaches them
 * through the workloads' own Services. Screenshots go to target/screenshots (route-*).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteE2ETest {

    static final Path SHOTS = Paths.get("target/screenshots");
    static final Path JUPYTER_VENV =
            Path.of(System.getProperty("user.home"), ".cache", "gpu-portal", "jupyter", "venv");

    Stack stack;
    Playwright playwright;
    Browser browser;
    InetAddress address;
    Process jupyter;
    HttpServer model;

    @BeforeAll
    void start() throws Exception {
        Files.createDirectories(SHOTS);
        address = nonLoopbackAddress();
        installJupyter();
        stack = Stack.start();
        stack.createTenantNlp();
        playwright = Stack.playwright();
        browser = Stack.chromium(playwright);
    }

    @AfterAll
    void stop() throws Exception {
        if (jupyter != null) {
            jupyter.destroy();
            jupyter.waitFor(10, TimeUnit.SECONDS);
        }
        if (model != null) {
            model.stop(0);
        }
        Stack.closeAll(browser, playwright, stack);
    }

    @Test
    void route_notebookOpensFromThePanelRunsCodeOverTheKernelSocketAndStaysPrivate() throws Exception {
        String base = "/t/nlp/notebooks/explore/";
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000))) {
            Page page = login(context, "nina");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Request a notebook")).click();
            page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Name")).fill("explore");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit").setExact(true)).click();
            page.waitForURL(url -> url.contains("/workloads/"));
            assertThat(page.locator(".status")).hasText("Running", new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(120_000));

            jupyter = startJupyterFor("explore");
            Locator panel = page.locator(".connection");
            Locator open = panel.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Open").setExact(true));
            assertThat(open).isVisible();
            assertThat(panel).containsText("kubectl -n nlp port-forward svc/explore");
            shot(page, "route-01-notebook-connection-panel");

            Page notebook = page.waitForPopup(open::click);
            notebook.waitForLoadState();
            assertThat(notebook.url()).isEqualTo(stack.portalUrl + base);
            // The page is Jupyter's own, served through the route, its links kept on the route.
            assertThat(notebook.locator("h1")).hasText("A Jupyter Server is running.");
            assertThat(notebook.content()).contains(base + "static/").doesNotContain("/api/v1/namespaces/");

            // The page's own session starts a kernel and runs a cell over the kernel's WebSocket, both through the route.
            Object result = notebook.evaluate(RUN_CELL, Map.of("base", base, "code", "6*7"));
            assertThat(result).isEqualTo("42");
            shot(notebook, "route-02-open-notebook");
            Response kernels = notebook.navigate(stack.portalUrl + base + "api/kernels");
            assertThat(kernels.status()).isEqualTo(200);
            assertThat(kernels.text()).contains("python3", "execution_state");
            shot(notebook, "route-03-notebook-kernel-through-the-route");

            // Signed out, the route sends the browser to sign in.
            page.bringToFront();
            page.locator("#user-menu vaadin-menu-bar-button").first().click();
            page.getByRole(AriaRole.MENUITEM, new Page.GetByRoleOptions().setName("Sign out")).click();
            page.waitForURL(url -> url.contains("/realms/gpu-portal/") || url.endsWith("/login"));
            Page after = context.newPage();
            after.navigate(stack.portalUrl + base);
            after.waitForURL(url -> url.contains("/realms/gpu-portal/"));
            assertThat(after.locator("#username")).isVisible();
        }

        // A user of another tenant gets the same 404 as for a notebook that does not exist.
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000))) {
            Page page = login(context, "ravi");
            Response refused = page.navigate(stack.portalUrl + base);
            assertThat(refused.status()).isEqualTo(404);
            String refusedBody = refused.text();
            Response missing = page.navigate(stack.portalUrl + "/t/nlp/notebooks/nothing-here/");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(refusedBody).isEqualTo(missing.text()).doesNotContain("Jupyter");
        }
    }

    @Test
    void route_endpointCalledWithTheCurlLineOfThePageAndAKeyMadeThereUntilTheKeyIsRevoked() throws Exception {
        model = HttpServer.create(new InetSocketAddress(address, 0), 0);
        model.createContext("/", exchange -> {
            byte[] body = ("{\"model\":\"ranker\",\"path\":\"" + exchange.getRequestURI() + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        model.start();
        var created = stack.api("POST", "/workloads", stack.token("nina"),
                "{\"kind\":\"inference\",\"tenant\":\"nlp\",\"name\":\"ranker\",\"image\":\"nvcr.io/nvidia/tritonserver:26.10-py3\","
                        + "\"port\":" + model.getAddress().getPort() + ",\"cpu\":\"1\",\"memory\":\"2Gi\",\"gpuProfile\":\"\",\"gpuCount\":0,"
                        + "\"minReplicas\":1,\"maxReplicas\":1,\"targetCpuPercent\":70,\"readinessPath\":\"/v2/health/ready\"}",
                Map.of());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = created.body().replaceAll("(?s).*\"id\":(\\d+).*", "$1");

        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000))) {
            Page page = login(context, "nina");
            page.navigate(stack.portalUrl + "/workloads/" + id);
            assertThat(page.locator(".status")).hasText("Running", new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(120_000));
            String pod = stack.kubectl("--kubeconfig", stack.kubeconfig.toString(), "-n", "nlp", "get", "pods",
                            "-l", "gpu-portal.dev/workload-id=" + id, "-o", "jsonpath={.items[0].metadata.name}")
                    .strip();
            pointPodAt(pod);

            Locator panel = page.locator(".connection");
            page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("New key's name")).fill("ci");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
            Locator shown = page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Your new key — copy it now, it is not shown again"));
            assertThat(shown).not().hasValue("");
            String key = shown.inputValue();
            assertThat(panel.locator("vaadin-grid")).containsText("ci");
            String curl = panel.locator("pre").filter(new Locator.FilterOptions().setHasText("curl ")).first().innerText().strip();
            assertThat(curl).contains("$GPU_PORTAL_KEY", stack.portalUrl + "/t/nlp/endpoints/ranker/");
            shot(page, "route-04-endpoint-connection-panel");

            // The line as shown, with the key put in, run by a real curl.
            String withKey = curl.replace("$GPU_PORTAL_KEY", key);
            CurlResult called = awaitCurl(withKey, 200);
            assertThat(called.body()).isEqualTo("{\"model\":\"ranker\",\"path\":\"/\"}");
            assertThat(curl(curl.replace("$GPU_PORTAL_KEY", "gpk_not-a-key")).status()).isEqualTo(401);
            assertThat(curl(curl.replaceAll(" -H \"[^\"]*\"", "")).status()).isEqualTo(401);

            // A member's browser session opens it too.
            assertThat(page.request().get(stack.portalUrl + "/t/nlp/endpoints/ranker/").status()).isEqualTo(200);

            panel.locator("vaadin-grid").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke")).click();
            assertThat(panel.locator("vaadin-grid")).containsText("revoked by nina");
            shot(page, "route-05-endpoint-key-revoked");
            CurlResult revoked = curl(withKey);
            assertThat(revoked.status()).isEqualTo(401);
            assertThat(revoked.body()).doesNotContain("ranker\",\"path");
        }
    }

    /**
     * Runs code in a new kernel from the page, over the kernel's WebSocket in the binary protocol JupyterLab speaks
     * ({@code v1.kernel.websocket.jupyter.org}); returns the result's text.
     */
    static final String RUN_CELL = """
            async ({ base, code }) => {
              const created = await fetch(base + 'api/kernels', {
                method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'python3' }) });
              if (created.status !== 201) {
                return 'kernel not started: ' + created.status + ' ' + await created.text();
              }
              const kernel = await created.json();
              const encode = (channel, parts) => {
                const chunks = [channel, ...parts].map(p => new TextEncoder().encode(p));
                const count = chunks.length + 1;
                const buffer = new ArrayBuffer(8 * (1 + count) + chunks.reduce((sum, c) => sum + c.length, 0));
                const view = new DataView(buffer);
                view.setBigUint64(0, BigInt(count), true);
                let at = 8 * (1 + count);
                view.setBigUint64(8, BigInt(at), true);
                chunks.forEach((chunk, i) => {
                  new Uint8Array(buffer, at, chunk.length).set(chunk);
                  at += chunk.length;
                  view.setBigUint64(8 * (i + 2), BigInt(at), true);
                });
                return buffer;
              };
              const decode = buffer => {
                const view = new DataView(buffer);
                const count = Number(view.getBigUint64(0, true));
                const offsets = [...Array(count).keys()].map(i => Number(view.getBigUint64(8 * (i + 1), true)));
                const parts = offsets.slice(0, -1).map((from, i) =>
                    new TextDecoder().decode(new Uint8Array(buffer, from, offsets[i + 1] - from)));
                return { channel: parts[0], header: JSON.parse(parts[1]), content: JSON.parse(parts[4]) };
              };
              const session = crypto.randomUUID();
              const socket = new WebSocket(location.origin.replace(/^http/, 'ws') + base + 'api/kernels/' + kernel.id
                  + '/channels?session_id=' + session, 'v1.kernel.websocket.jupyter.org');
              socket.binaryType = 'arraybuffer';
              return await new Promise((resolve, reject) => {
                const timer = setTimeout(() => reject(new Error('no result within 60 s')), 60000);
                socket.onerror = () => reject(new Error('WebSocket error'));
                socket.onclose = e => reject(new Error('WebSocket closed before the result: ' + e.code));
                socket.onopen = () => socket.send(encode('shell', [
                  JSON.stringify({ msg_id: crypto.randomUUID(), username: 'nina', session, msg_type: 'execute_request',
                                   version: '5.3', date: new Date().toISOString() }),
                  '{}', '{}',
                  JSON.stringify({ code, silent: false, store_history: false, user_expressions: {}, allow_stdin: false,
                                   stop_on_error: true })]));
                socket.onmessage = m => {
                  const message = decode(m.data);
                  if (message.channel === 'iopub' && message.header.msg_type === 'execute_result') {
                    clearTimeout(timer);
                    socket.onclose = null;
                    socket.close();
                    resolve(message.content.data['text/plain']);
                  }
                };
              });
            }
            """;

    Page login(BrowserContext context, String user) {
        Page page = context.newPage();
        page.navigate(stack.portalUrl + "/");
        page.waitForURL(url -> url.contains("/realms/gpu-portal/"));
        page.locator("#username").fill(user);
        page.locator("#password").fill("demo");
        page.locator("#kc-login").click();
        page.waitForURL(url -> url.startsWith(stack.portalUrl));
        return page;
    }

    void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
    }

    /**
     * Starts a real Jupyter server as the notebook's container runs it: the token of the notebook's Secret, the
     * arguments of its StatefulSet (the route's base URL), port 8888; and points the notebook's pod at it.
     */
    Process startJupyterFor(String notebook) throws Exception {
        String kubeconfig = stack.kubeconfig.toString();
        String token = new String(
                Base64.getDecoder().decode(stack.kubectl("--kubeconfig", kubeconfig, "-n", "nlp", "get", "secret",
                                notebook + "-jupyter", "-o", "jsonpath={.data.token}")
                        .strip()),
                StandardCharsets.UTF_8);
        String args = stack.kubectl("--kubeconfig", kubeconfig, "-n", "nlp", "get", "statefulset", notebook, "-o",
                        "jsonpath={.spec.template.spec.containers[0].env[?(@.name==\"NOTEBOOK_ARGS\")].value}")
                .strip();
        assertThat(args).isEqualTo("--ServerApp.base_url=/t/nlp/notebooks/" + notebook + "/");
        Path root = Files.createDirectories(stack.work.resolve("jupyter-root"));
        List<String> command = new ArrayList<>(List.of(
                JUPYTER_VENV.resolve("bin/jupyter-server").toString(),
                "--no-browser",
                "--allow-root",
                "--ServerApp.ip=" + address.getHostAddress(),
                "--ServerApp.port=8888",
                "--ServerApp.port_retries=0",
                "--ServerApp.root_dir=" + root));
        command.addAll(List.of(args.split(" ")));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(stack.work.resolve("jupyter.log").toFile());
        builder.environment().put("JUPYTER_TOKEN", token);
        builder.environment().put("PATH", JUPYTER_VENV.resolve("bin") + ":" + System.getenv("PATH"));
        Process process = builder.start();
        var status = java.net.URI.create("http://" + address.getHostAddress() + ":8888/t/nlp/notebooks/" + notebook
                + "/api/status?token=" + token);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("jupyter-server exited: " + Files.readString(stack.work.resolve("jupyter.log")));
            }
            try {
                if (Stack.HTTP.send(java.net.http.HttpRequest.newBuilder(status).build(),
                                        java.net.http.HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    break;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                process.destroy();
                throw new IllegalStateException("jupyter-server did not answer within 60 s");
            }
            Thread.sleep(200);
        }
        pointPodAt(notebook + "-0");
        return process;
    }

    /** Gives a pod this machine's address, as a kubelet reports the pod's IP. */
    void pointPodAt(String pod) throws Exception {
        String ip = address.getHostAddress();
        String out = stack.kubectl("--kubeconfig", stack.kubeconfig.toString(), "-n", "nlp", "patch", "pod", pod,
                "--subresource=status", "--type=merge",
                "-p", "{\"status\":{\"podIP\":\"" + ip + "\",\"podIPs\":[{\"ip\":\"" + ip + "\"}]}}");
        assertThat(out).contains("patched");
    }

    record CurlResult(int status, String body) {}

    /** Runs a curl command line as a shell does, with the status code printed after the body. */
    static CurlResult curl(String commandLine) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", commandLine + " -sS -w '\\n%{http_code}'")
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        int cut = out.lastIndexOf('\n');
        return new CurlResult(Integer.parseInt(out.substring(cut + 1).strip()), out.substring(0, cut));
    }

    /** The first call may come before the route reaches the pod's new address: ask again for up to a minute. */
    static CurlResult awaitCurl(String commandLine, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        CurlResult last = curl(commandLine);
        while (last.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(500);
            last = curl(commandLine);
        }
        assertThat(last.status()).as(last.body()).isEqualTo(status);
        return last;
    }

    static void installJupyter() throws Exception {
        Process install = new ProcessBuilder("bash", Stack.REPO.resolve("e2e/jupyter/install.sh").toString())
                .inheritIO()
                .start();
        if (!install.waitFor(15, TimeUnit.MINUTES) || install.exitValue() != 0) {
            throw new IllegalStateException("e2e/jupyter/install.sh failed");
        }
    }

    /** The API server's proxy refuses loopback addresses: the stand-ins listen on the machine's own address. */
    static InetAddress nonLoopbackAddress() throws SocketException {
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
                .orElseThrow(() -> new IllegalStateException("the API server proxies only to non-loopback addresses"));
    }
}
