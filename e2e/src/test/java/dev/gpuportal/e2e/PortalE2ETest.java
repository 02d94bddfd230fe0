package dev.gpuportal.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The product as people use it: real Keycloak login in Debian's Chromium, the production jar on PostgreSQL, pods
 * scheduled on the simulated GPU cluster. Screenshots of the key screens go to target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalE2ETest {

    static final Path SHOTS = Paths.get("target/screenshots");

    Stack stack;
    Playwright playwright;
    Browser browser;
    String notebookUrl;

    @BeforeAll
    void start() throws Exception {
        Files.createDirectories(SHOTS);
        stack = Stack.start();
        stack.createTenantNlp();
        String admin = stack.token("admin");
        assertThat(stack.api("POST", "/tenants", admin,
                                "{\"slug\":\"recsys\",\"displayName\":\"Recommender Systems\",\"clusters\":[\"default\"]}", Map.of())
                        .statusCode())
                .isEqualTo(201);
        stack.api("POST", "/tenants/recsys/members", admin, "{\"type\":\"group\",\"subject\":\"recsys-team\",\"role\":\"member\"}", Map.of());

        playwright = Stack.playwright();
        browser = Stack.chromium(playwright);
    }

    @AfterAll
    void stop() throws Exception {
        Stack.closeAll(browser, playwright, stack);
    }

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

    @Test
    @Order(1)
    void dataScientistRequestsANotebookOnAMigSliceWatchesItRunReadsLogsAndStopsIt() {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000))) {
            Page page = login(context, "nina");
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("My workloads"))).isVisible();
            shot(page, "01-my-workloads");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Request a notebook")).click();
            page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Name")).fill("explore");
            assertThat(page.locator(".cost-preview")).containsText("Costs");
            shot(page, "02-request-notebook");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit").setExact(true)).click();

            page.waitForURL(url -> url.contains("/workloads/"));
            notebookUrl = page.url();
            // The status changes to Running by itself (server push), no reload.
            assertThat(page.locator(".status")).hasText("Running", new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(60_000));
            shot(page, "03-notebook-running");

            page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Events")).click();
            assertThat(page.getByText("Scheduled").first()).isVisible();
            page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Logs")).click();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reload")).first().click();
            // KWOK runs no container, so the log says why there is none, quickly and in plain words.
            assertThat(page.locator(".logs")).containsText("explore");
            shot(page, "04-logs-and-events");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stop")).click();
            assertThat(page.locator(".status")).containsText("Stopped", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
            shot(page, "05-notebook-stopped");

            // Start after Stop: the status follows the real objects again, Starting first, then Running.
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start").setExact(true)).click();
            assertThat(page.locator(".status")).not().containsText("Stopped", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(10_000));
            assertThat(page.locator(".status")).hasText("Running", new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(60_000));
            shot(page, "05a-notebook-started-again");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stop")).click();
            assertThat(page.locator(".status")).containsText("Stopped", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        }
    }

    @Test
    @Order(2)
    void adminLowersTheTenantsQuotaAndSeesUsageAgainstIt() {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000))) {
            Page page = login(context, "admin");
            page.navigate(stack.portalUrl + "/admin/quotas");
            page.locator("#edit-quota-nlp").click();
            Locator gpus = page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("GPU-equivalents"));
            gpus.fill("0.2");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save quota")).click();
            assertThat(page.getByText("0 GPU of 0.2 GPU").first()).isVisible();
            shot(page, "06-admin-quota-console");
        }
    }

    @Test
    @Order(3)
    void dataScientistAsksForMoreThanIsLeftAndReadsTheRefusalWithNumbers() {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000))) {
            Page page = login(context, "nina");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Request a notebook")).click();
            page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Name")).fill("too-big");
            // The GPU select of the dialog, not the list's profile filter behind it.
            page.locator("vaadin-select:has(> label[slot='label']:text-is('GPU'))").click();
            page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName(java.util.regex.Pattern.compile("MIG 3g\\.40gb"))).click();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit").setExact(true)).click();
            assertThat(page.locator(".cost-refusals")).containsText("GPUs: over by");
            Locator refusal = page.locator(".request-problem");
            assertThat(refusal).containsText("Needs 0.43 GPU (3/7 H100) for 1 × 3g.40gb; tenant nlp has 0.2 GPU of 0.2 GPU left");
            shot(page, "07-over-quota-refusal");
        }
    }

    @Test
    @Order(4)
    void aUserOfAnotherTenantOpeningTheWorkloadsUrlIsDeniedAndSeesNothingOfIt() {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000))) {
            Page page = login(context, "ravi");
            page.navigate(notebookUrl);
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("No access"))).isVisible();
            assertThat(page.locator("body")).not().containsText("explore");
            shot(page, "08-other-tenant-denied");
        }
    }

    @Test
    @Order(5)
    void anExpiredSessionSendsTheUserToLogInAgainWithoutAnErrorPage() {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000))) {
            Page page = login(context, "nina");
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("My workloads"))).isVisible();
            // The portal forgets the session (as after a timeout); Keycloak's single sign-on cookie stays.
            context.clearCookies(new BrowserContext.ClearCookiesOptions().setName("JSESSIONID"));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Request a notebook")).click();
            // Vaadin reloads, the portal sends the browser through Keycloak (still signed in there) and back.
            page.waitForURL(url -> url.startsWith(stack.portalUrl) && !url.contains("/login"));
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("My workloads")))
                    .isVisible(new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
            assertThat(page.locator("body")).not().containsText("Exception");
            assertThat(page.locator("body")).not().containsText("Internal error");
            shot(page, "09-after-session-expired");
        }
    }

    @Test
    @Order(6)
    void aGroupAddedInKeycloakTakesEffectAtTheNextLogin() throws Exception {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000))) {
            Page page = login(context, "vera");
            assertThat(page.getByText("You are not in a tenant yet")).isVisible();
        }
        stack.addToGroup("vera", "nlp-team");
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000))) {
            Page page = login(context, "vera");
            assertThat(page.getByText("Natural Language Processing (nlp)").first()).isVisible();
            shot(page, "10-group-change-next-login");
        }
    }

    @Test
    @Order(8)
    void anAdminCreatesADedicatedTenantWhoseMemberRunsANotebookInItsOwnClusterAndReachesItWithSingleSignOn()
            throws Exception {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000))) {
            Page page = login(context, "admin");
            page.navigate(stack.portalUrl + "/admin/tenants");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New tenant")).click();
            page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Slug").setExact(true)).fill("vision-lab");
            page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Display name").setExact(true)).fill("Vision Lab");
            Locator next = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Next").setExact(true));
            next.click(); // the wizard: tenant → members
            next.click(); // → quota, prefilled with the defaults
            page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("GPU-equivalents").setExact(true)).fill("2");
            page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("CPU (cores)").setExact(true)).fill("32");
            page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Memory").setExact(true)).fill("128Gi");
            page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Storage").setExact(true)).fill("1Ti");
            next.click(); // → placement
            page.locator("vaadin-select").filter(new Locator.FilterOptions().setHasText("Shared:")).click();
            page.locator("vaadin-select-item").filter(new Locator.FilterOptions().setHasText("Dedicated")).click();
            page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Dedicated node pools").setExact(true)).fill("h100-mig");
            next.click(); // → summary
            shot(page, "11a-new-tenant-wizard-summary");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create tenant").setExact(true)).click();
            // The control plane comes up while the admin watches: the tenant's page and the badge turn Ready
            // without a reload.
            Page tenantPage = context.newPage();
            tenantPage.navigate(stack.portalUrl + "/tenants/vision-lab");
            assertThat(tenantPage.locator("#own-cluster"))
                    .containsText("Ready · Kubernetes v1.37.2", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(90_000));
            assertThat(page.locator("#tier-vision-lab"))
                    .containsText("Ready", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(90_000));
            assertThat(page.locator("#tier-vision-lab")).containsText("v1.37.2");
            shot(page, "11-dedicated-tenant-ready");
        }
        String admin = stack.token("admin");
        // the wizard set the quota with the tenant (version 0)
        assertThat(stack.api("GET", "/tenants/vision-lab/quota", admin, null, Map.of()).body())
                .contains("\"gpus\":\"2\"");
        assertThat(stack.api("POST", "/tenants/vision-lab/members", admin,
                                "{\"type\":\"user\",\"subject\":\"ravi\",\"role\":\"member\"}", Map.of())
                        .statusCode())
                .isEqualTo(200);

        // ravi, a member, runs a notebook there; it runs inside the tenant's own cluster.
        String ravi = stack.token("ravi");
        var created = stack.api("POST", "/workloads", ravi,
                "{\"kind\":\"notebook\",\"tenant\":\"vision-lab\",\"name\":\"lab\",\"image\":\"quay.io/jupyter/scipy-notebook:2026-11-02\","
                        + "\"cpu\":\"1\",\"memory\":\"4Gi\",\"gpuProfile\":\"mig-1g.10gb\",\"gpuCount\":1,\"workspace\":\"10Gi\"}",
                Map.of());
        assertThat(created.statusCode()).isEqualTo(201);
        String id = created.body().replaceAll("(?s).*\"id\":(\\d+).*", "$1");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(90);
        String status = "";
        while (System.nanoTime() < deadline && !status.contains("\"phase\":\"running\"")) {
            status = stack.api("GET", "/workloads/" + id, ravi, null, Map.of()).body();
            Thread.sleep(500);
        }
        assertThat(status).contains("\"phase\":\"running\"");

        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(1400, 1000)
                .setAcceptDownloads(true))) {
            Page page = login(context, "ravi");
            page.navigate(stack.portalUrl + "/tenants/vision-lab");
            assertThat(page.locator("#own-cluster")).containsText("Ready · Kubernetes v1.37.2");
            shot(page, "12-own-cluster-kubeconfig");
            var download = page.waitForDownload(() -> page.locator("#download-kubeconfig").click());
            Path file = stack.work.resolve("ravi.kubeconfig");
            download.saveAs(file);
            String kubeconfig = Files.readString(file);
            assertThat(kubeconfig).contains("oidc-login", Stack.HTTPS_ISSUER, "namespace: vision-lab");
            assertThat(kubeconfig).doesNotContain("client-key", "client-certificate", "token:");

            // With kubectl and a token from Keycloak, ravi sees his own cluster: its namespaces, not the host's.
            String token = stack.idToken("ravi");
            String namespaces = stack.kubectl("--kubeconfig", file.toString(), "--token", token, "get", "namespaces", "-o", "name");
            assertThat(namespaces).contains("namespace/vision-lab", "namespace/kube-system");
            assertThat(namespaces).doesNotContain("namespace/nlp", "namespace/recsys", "gpu-portal-vc-");
            String pods = stack.kubectl("--kubeconfig", file.toString(), "--token", token, "get", "pods", "-o", "name");
            assertThat(pods).contains("pod/lab-0");
            String whoami = stack.kubectl("--kubeconfig", file.toString(), "--token", token, "auth", "whoami");
            assertThat(whoami).contains("oidc:ravi");
            // Not an admin there: cluster-wide RBAC stays out of reach.
            assertThat(stack.kubectl("--kubeconfig", file.toString(), "--token", token, "get", "clusterrolebindings"))
                    .contains("Forbidden");
        }
        // Who was handed a way into the tenant's cluster is in the audit log.
        assertThat(stack.api("GET", "/audit?object=kubeconfig&tenant=vision-lab", admin, null, Map.of()).body())
                .contains("\"actor\":\"ravi\"");
    }

    @Test
    @Order(7)
    void anAdminSetsUpATenantInTheWizardWithItsDefaultsAndItsMemberRunsAFirstNotebookWithoutTouchingAnyLimit() {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000))) {
            Page page = login(context, "admin");
            page.navigate(stack.portalUrl + "/admin/tenants");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New tenant")).click();
            page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Slug").setExact(true)).fill("speech");
            page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Display name").setExact(true)).fill("Speech Lab");
            Locator next = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Next").setExact(true));
            next.click(); // → members
            page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("User or group").setExact(true)).fill("vision-team");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add").setExact(true)).click();
            assertThat(page.locator("vaadin-grid").filter(new Locator.FilterOptions().setHasText("vision-team")).first()).isVisible();
            next.click(); // → quota: the defaults stay as they are
            shot(page, "12a-wizard-quota-defaults");
            next.click(); // → placement
            next.click(); // → summary
            shot(page, "12b-wizard-summary");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create tenant").setExact(true)).click();
            assertThat(page.locator("vaadin-dialog-overlay, vaadin-dialog[opened]")).hasCount(0);
            shot(page, "12b2-wizard-created");
            assertThat(page.locator("vaadin-grid").getByText("Speech Lab").first()).isVisible();
        }
        // vera (group vision-team) asks for a notebook in the new tenant; nobody set a limit by hand.
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000))) {
            Page page = login(context, "vera");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Request a notebook")).click();
            // vera is in nlp (group nlp-team) and now in speech: she picks the new tenant.
            page.locator("vaadin-select:has(> label[slot='label']:text-is('Tenant'))").click();
            page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("speech").setExact(true)).click();
            page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Name")).fill("first");
            assertThat(page.locator(".cost-preview")).containsText("Costs");
            shot(page, "12c-first-request-in-new-tenant");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit").setExact(true)).click();
            page.waitForURL(url -> url.contains("/workloads/"));
            try {
                assertThat(page.locator(".status")).hasText("Running", new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(120_000));
            } catch (AssertionError notRunning) {
                notRunning.addSuppressed(new AssertionError("The cluster's view of tenant speech:\n" + clusterStateOf("speech")
                        + "\nThe portal's view: " + portalStateOf(page)));
                throw notRunning;
            }
            assertThat(page.locator(".breadcrumbs")).containsText("speech");
            shot(page, "12d-first-notebook-running");
        }
    }

    /** What the portal says of the page's workload (by API, after a reload) and what its threads are doing. */
    private String portalStateOf(Page page) {
        StringBuilder state = new StringBuilder();
        try {
            String id = page.url().replaceAll(".*/workloads/(\\d+).*", "$1");
            state.append("API: ").append(stack.api("GET", "/workloads/" + id, stack.token("admin"), null, Map.of()).body());
            page.reload();
            state.append("\nAfter a reload: ").append(page.locator(".status").textContent());
            Process dump = new ProcessBuilder(System.getProperty("java.home") + "/bin/jcmd", Long.toString(stack.portalPid()), "Thread.print")
                    .redirectErrorStream(true).start();
            state.append("\nThreads:\n").append(new String(dump.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (Exception e) {
            state.append(e);
        }
        return state.toString();
    }

    /** What the cluster holds for a tenant, for a failure message: which step of the way a workload stopped at. */
    private String clusterStateOf(String namespace) {
        StringBuilder state = new StringBuilder();
        for (String[] command : new String[][] {
                {"get", "resourcequota,limitrange,statefulset,pod,service,secret,networkpolicy", "-n", namespace, "-o", "wide"},
                {"describe", "resourcequota", "-n", namespace},
                {"describe", "statefulset", "-n", namespace},
                {"get", "events", "-n", namespace, "--sort-by=.lastTimestamp"}}) {
            try {
                state.append("$ kubectl ").append(String.join(" ", command)).append('\n').append(stack.kubectl(java.util.stream.Stream.concat(
                                java.util.stream.Stream.of("--kubeconfig", stack.kubeconfig.toString()), java.util.Arrays.stream(command))
                        .toArray(String[]::new))).append('\n');
            } catch (Exception e) {
                state.append(e).append('\n');
            }
        }
        return state.toString();
    }

    @Test
    @Order(9)
    void afterLogoutTheBackButtonShowsNoPrivatePage() {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000))) {
            Page page = login(context, "nina");
            page.navigate(notebookUrl);
            assertThat(page.locator(".status")).isVisible();
            page.locator("#user-menu vaadin-menu-bar-button").first().click();
            page.getByRole(AriaRole.MENUITEM, new Page.GetByRoleOptions().setName("Sign out")).click();
            page.waitForURL(url -> url.contains("/realms/gpu-portal/") || url.endsWith("/login"));
            page.goBack();
            page.waitForTimeout(2000);
            assertThat(page.locator("body")).not().containsText("explore");
            assertThat(page.url()).doesNotEndWith(notebookUrl.substring(notebookUrl.indexOf("/workloads/")));
            shot(page, "11-after-logout-back");
            // Signing out ended the Keycloak session too: coming back asks for the password again.
            page.navigate(stack.portalUrl + "/");
            page.waitForURL(url -> url.contains("/realms/gpu-portal/"));
            assertThat(page.locator("#username")).isVisible();
        }
    }

    @Test
    @Order(10)
    void withKeycloakUnreachableTheLoginPageSaysSoInsteadOfFailing() throws Exception {
        stack.stopKeycloak();
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000))) {
            Page page = context.newPage();
            page.navigate(stack.portalUrl + "/");
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Sign-in is unavailable right now")))
                    .isVisible();
            assertThat(page.locator("body")).not().containsText("Exception");
            shot(page, "12-keycloak-unreachable");
        }
    }
}
