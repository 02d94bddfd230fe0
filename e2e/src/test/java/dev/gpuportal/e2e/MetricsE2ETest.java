package dev.gpuportal.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
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
 * GPU use in the browser, from a real Prometheus scraping the DCGM-exporter stand-in: a notebook holding a whole
 * H100 at 3 % (idle, and offered a slice by notification) beside a busy MIG notebook; the charts of the workload,
 * tenant and admin pages and their table views, at desktop and phone width. Screenshots go to target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsE2ETest {

    static final Path SHOTS = Paths.get("target/screenshots");
    static final int PHONE_WIDTH = 390;
    static final LocatorAssertions.IsVisibleOptions SLOW = new LocatorAssertions.IsVisibleOptions().setTimeout(60_000);

    Stack stack;
    Playwright playwright;
    Browser browser;
    String idleId;
    String busyId;

    @BeforeAll
    void start() throws Exception {
        Files.createDirectories(SHOTS);
        // pages on a loaded 2-core machine can take several seconds after a sign-in
        com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
        stack = Stack.start();
        stack.createTenantNlp();
        playwright = Stack.playwright();
        browser = Stack.chromium(playwright);

        // The admin's idle rule: under 10 % for a minute (the shortest the form takes).
        try (BrowserContext context = desktop()) {
            Page page = login(context, "admin");
            page.navigate(stack.portalUrl + "/admin/gpu-use/settings");
            page.getByLabel("Idle below (% GPU compute)").fill("10");
            page.getByLabel("Idle for (minutes)").fill("1");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save settings")).click();
            assertThat(page.getByText("saved", new Page.GetByTextOptions().setExact(false)).first()).isVisible();
        }
        String nina = stack.token("nina");
        idleId = submit(nina, "oversized", "h100-80gb");
        busyId = submit(nina, "training-prep", "mig-1g.10gb");
        annotate(idleId, "3", "7GB");
        annotate(busyId, "70", "8GB");
    }

    @AfterAll
    void stop() throws Exception {
        Stack.closeAll(browser, playwright, stack);
    }

    @Test
    @Order(1)
    void theIdleNotebooksOwnerIsOfferedASliceByNotificationAndTheBusyOneIsLeftAlone() throws Exception {
        String nina = stack.token("nina");
        long deadline = System.currentTimeMillis() + 240_000;
        String listing = "";
        while (System.currentTimeMillis() < deadline && !listing.contains("\"workloadId\":" + idleId)) {
            Thread.sleep(5_000);
            listing = stack.api("GET", "/notifications", nina, null, Map.of()).body();
        }
        assertThat(listing)
                .as("an offer for the idle notebook within 4 minutes")
                .contains("\"workloadId\":" + idleId, "SMALLER_PROFILE", "1g.10gb slice covers it")
                .doesNotContain("\"workloadId\":" + busyId);
        assertThat(stack.api("GET", "/workloads/" + idleId, nina, null, Map.of()).body())
                .as("offered, not stopped")
                .contains("\"desired\":\"running\"");
        assertThat(stack.api("POST", "/notifications/1/read", stack.token("ravi"), null, Map.of()).statusCode())
                .as("someone else's notification")
                .isEqualTo(404);

        try (BrowserContext context = desktop()) {
            Page page = login(context, "nina");
            Locator count = page.locator("#notification-count");
            assertThat(count).isVisible();
            assertThat(count).hasText("1");
            shot(page, "metrics-01-notification-badge");
            page.locator("#notification-bell").click();
            Locator item = page.locator(".notification-item.unread").first();
            assertThat(item).containsText("Notebook oversized: its GPU sits idle");
            assertThat(item).containsText("so it was not stopped");
            shot(page, "metrics-02-notifications-open");
            item.click();
            page.waitForURL(url -> url.endsWith("/workloads/" + idleId));
            assertThat(count).isHidden();
        }
    }

    @Test
    @Order(2)
    void aNotebooksGpuUseChartAndTableAtDesktopAndPhoneWidth() {
        try (BrowserContext context = desktop()) {
            Page page = login(context, "nina");
            page.navigate(stack.portalUrl + "/workloads/" + idleId);
            Locator chart = chartShown(page);
            assertThat(chart).hasAttribute("aria-label", java.util.regex.Pattern.compile("Compute peak 3 %.*memory peak 7\\.0 GB"));
            assertThat(page.getByRole(AriaRole.PARAGRAPH)
                            .filter(new Locator.FilterOptions().setHasText("a 1g.10gb slice covers it and frees 6/7 GPU")))
                    .isVisible();
            assertThat(page.getByText("GPU idle", new Page.GetByTextOptions().setExact(true))).isVisible();
            shot(page, "metrics-03-notebook-gpu-use");
            page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Show as table")).check();
            assertThat(chart).isHidden();
            assertThat(page.locator("vaadin-grid-cell-content").getByText("GPU memory")).isVisible();
            assertThat(page.locator("vaadin-grid-cell-content").getByText("7.00 GB").first()).isVisible();
            shot(page, "metrics-04-notebook-gpu-use-table");
        }
        try (BrowserContext context = phone()) {
            Page page = login(context, "nina");
            page.navigate(stack.portalUrl + "/workloads/" + idleId);
            chartShown(page);
            assertThat(page.getByText("Compute peak", new Page.GetByTextOptions().setExact(false)).first()).isVisible();
            shot(page, "metrics-05-notebook-gpu-use-phone");
        }
    }

    @Test
    @Order(3)
    void theTenantsAllocatedAgainstUsedChartAtDesktopAndPhoneWidth() {
        try (BrowserContext context = desktop()) {
            Page page = login(context, "nina");
            page.navigate(stack.portalUrl + "/tenants/nlp");
            Locator chart = chartShown(page);
            assertThat(chart).hasAttribute("aria-label", java.util.regex.Pattern.compile(".+"));
            shot(page, "metrics-06-tenant-allocated-vs-used");
            page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Show as table")).check();
            // a whole H100 and a 1g.10gb slice: 1 1/7 GPU allocated
            assertThat(page.locator("vaadin-grid-cell-content").getByText("1.14 GPU").first()).isVisible(SLOW);
            shot(page, "metrics-07-tenant-allocated-vs-used-table");
        }
        try (BrowserContext context = phone()) {
            Page page = login(context, "nina");
            page.navigate(stack.portalUrl + "/tenants/nlp");
            chartShown(page);
            shot(page, "metrics-08-tenant-allocated-vs-used-phone");
        }
    }

    @Test
    @Order(4)
    void theAdminsIdleListAndShowbackChartAtDesktopAndPhoneWidth() {
        for (boolean onPhone : new boolean[] {false, true}) {
            try (BrowserContext context = onPhone ? phone() : desktop()) {
                Page page = login(context, "admin");
                page.navigate(stack.portalUrl + "/admin/gpu-use");
                Locator idle = page.locator("vaadin-grid-cell-content");
                assertThat(idle.getByText("oversized", new Locator.GetByTextOptions().setExact(true))).isVisible(SLOW);
                assertThat(idle.getByText("training-prep", new Locator.GetByTextOptions().setExact(true))).isHidden();
                shot(page, "metrics-09-admin-idle-gpus" + (onPhone ? "-phone" : ""));
                page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Showback")).click();
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show").setExact(true)).click();
                Locator chart = chartShown(page);
                assertThat(chart).hasAttribute("aria-label", java.util.regex.Pattern.compile(".+"));
                shot(page, "metrics-10-admin-showback" + (onPhone ? "-phone" : ""));
            }
        }
    }

    /** The visible chart, drawn: ECharts' SVG with its lines. */
    private Locator chartShown(Page page) {
        Locator chart = page.locator(".gpu-chart:visible").first();
        assertThat(chart).isVisible(SLOW);
        assertThat(chart.locator("svg path").first()).isAttached();
        assertThat(chart.locator("svg path").count()).as("lines and axes drawn").isGreaterThan(3);
        return chart;
    }

    private String submit(String token, String name, String profile) throws Exception {
        var created = stack.api("POST", "/workloads", token, """
                {"kind":"notebook","tenant":"nlp","name":"%s","image":"quay.io/jupyter/scipy-notebook:2026-11-02",
                 "cpu":"1","memory":"4Gi","gpuProfile":"%s","gpuCount":1,"workspace":"10Gi"}""".formatted(name, profile), Map.of());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return created.body().replaceAll("(?s).*\"id\":(\\d+).*", "$1");
    }

    /** Tells the DCGM stand-in what the notebook's GPU does, through its pod's annotations. */
    private void annotate(String id, String utilPercent, String memory) throws Exception {
        String pod = "";
        long deadline = System.currentTimeMillis() + 120_000;
        while (pod.isEmpty() && System.currentTimeMillis() < deadline) {
            pod = stack.kubectl("--kubeconfig", stack.kubeconfig.toString(), "-n", "nlp", "get", "pods",
                            "-l", "gpu-portal.dev/workload-id=" + id, "--field-selector", "status.phase=Running",
                            "-o", "jsonpath={.items[0].metadata.name}")
                    .strip();
            if (pod.isEmpty() || pod.contains(" ")) {
                pod = "";
                Thread.sleep(2_000);
            }
        }
        assertThat(pod).as("pod of workload " + id + " running").isNotEmpty();
        String out = stack.kubectl("--kubeconfig", stack.kubeconfig.toString(), "-n", "nlp", "annotate", "pod", pod,
                "--overwrite", "gpu-portal.dev/simulated-gpu-util=" + utilPercent,
                "gpu-portal.dev/simulated-gpu-memory=" + memory);
        assertThat(out).contains("annotated");
    }

    private BrowserContext desktop() {
        return browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000));
    }

    private BrowserContext phone() {
        return browser.newContext(new Browser.NewContextOptions().setViewportSize(PHONE_WIDTH, 844).setIsMobile(true).setHasTouch(true));
    }

    private Page login(BrowserContext context, String user) {
        Page page = context.newPage();
        page.navigate(stack.portalUrl + "/");
        page.waitForURL(url -> url.contains("/realms/gpu-portal/"));
        page.locator("#username").fill(user);
        page.locator("#password").fill("demo");
        page.locator("#kc-login").click();
        page.waitForURL(url -> url.startsWith(stack.portalUrl));
        return page;
    }

    private void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
    }
}
