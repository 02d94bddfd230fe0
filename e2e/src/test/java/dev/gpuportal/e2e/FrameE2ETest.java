package dev.gpuportal.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The frame around the pages in the production jar: the main pages at desktop and phone width (390 × 844) and in
 * the dark theme, the theme choice remembered, the portal's own "Page not found" and "No access" pages, and the
 * audit log's CSV download. Screenshots go to target/screenshots (frame-*).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrameE2ETest {

    static final Path SHOTS = Paths.get("target/screenshots");
    static final int PHONE_WIDTH = 390;
    /** The admin pages shot here and the side-nav section each highlights. */
    static final Map<String, String> SECTIONS = Map.of(
            "tenants", "Tenants",
            "quotas", "Quotas",
            "workloads", "All workloads",
            "clusters", "Clusters",
            "gpu-profiles", "GPU profiles",
            "audit", "Audit log");

    Stack stack;
    Playwright playwright;
    Browser browser;
    String workloadPath;

    @BeforeAll
    void start() throws Exception {
        Files.createDirectories(SHOTS);
        stack = Stack.start();
        stack.createTenantNlp();
        var created = stack.api("POST", "/workloads", stack.token("nina"),
                "{\"kind\":\"notebook\",\"tenant\":\"nlp\",\"name\":\"frame-notebook\",\"image\":\"quay.io/jupyter/scipy-notebook:2026-11-02\","
                        + "\"cpu\":\"1\",\"memory\":\"4Gi\",\"gpuProfile\":\"mig-1g.10gb\",\"gpuCount\":1,\"workspace\":\"10Gi\"}",
                Map.of());
        assertThat(created.statusCode()).isEqualTo(201);
        workloadPath = "/workloads/" + created.body().replaceAll("(?s).*\"id\":(\\d+).*", "$1");

        playwright = Stack.playwright();
        browser = Stack.chromium(playwright);
    }

    @AfterAll
    void stop() throws Exception {
        Stack.closeAll(browser, playwright, stack);
    }

    @Test
    void frame_mainPagesAtDesktopAndPhoneWidthInBothThemes() {
        for (String theme : List.of("light", "dark")) {
            for (int width : List.of(1440, PHONE_WIDTH)) {
                String prefix = "frame-" + width + "-" + theme + "-";
                try (BrowserContext context = browser.newContext(options(width, theme))) {
                    Page page = login(context, "nina");
                    expectFrame(page, width, theme);
                    shot(page, prefix + "workloads");
                    open(page, workloadPath);
                    assertThat(page.locator(".breadcrumbs")).containsText("My workloads");
                    assertThat(page.locator(".breadcrumbs")).containsText("frame-notebook");
                    expectFrame(page, width, theme);
                    shot(page, prefix + "workload-detail");
                }
                try (BrowserContext context = browser.newContext(options(width, theme))) {
                    Page page = login(context, "admin");
                    for (String admin : List.of("tenants", "quotas", "workloads", "clusters", "gpu-profiles", "audit")) {
                        open(page, "/admin/" + admin);
                        expectFrame(page, width, theme);
                        shot(page, prefix + "admin-" + admin);
                        if (width == PHONE_WIDTH) {
                            // The section is highlighted in the drawer, which a phone opens with the toggle.
                            page.locator("vaadin-drawer-toggle").click();
                            shot(page, prefix + "admin-" + admin + "-nav");
                        }
                        assertThat(page.locator("vaadin-side-nav-item[current]")).containsText(SECTIONS.get(admin));
                    }
                    // The new-tenant wizard, a dialog, at the same width and theme.
                    open(page, "/admin/tenants");
                    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New tenant")).click();
                    assertThat(page.locator("vaadin-dialog-overlay")).isVisible();
                    shot(page, prefix + "admin-new-tenant-wizard");
                }
            }
        }
    }

    @Test
    void frame_theThemeChosenInTheUserMenuIsRememberedOverTheSystems() {
        try (BrowserContext context = browser.newContext(options(PHONE_WIDTH, "light"))) {
            Page page = login(context, "nina");
            assertThat(page.locator("html")).hasAttribute("theme", "light-dark");
            page.locator("#user-menu vaadin-menu-bar-button").first().click();
            page.locator("vaadin-menu-bar-item").filter(new Locator.FilterOptions().setHasText("Theme")).click();
            page.locator("vaadin-menu-bar-item").filter(new Locator.FilterOptions().setHasText("Dark")).click();
            assertThat(page.locator("html")).hasAttribute("theme", "dark");
            page.reload();
            assertThat(page.locator("html")).hasAttribute("theme", "dark");
            assertThat(background(page)).isEqualTo("dark");
            shot(page, "frame-390-dark-chosen-in-menu");
            // Sign out stays reachable at phone width (nothing lies over the user menu).
            page.locator("#user-menu vaadin-menu-bar-button").first().click();
            assertThat(page.getByRole(AriaRole.MENUITEM, new Page.GetByRoleOptions().setName("Sign out")))
                    .isVisible();
        }
    }

    @Test
    void frame_notFoundAndNoAccessAreThePortalsOwnPagesInsideTheFrame() {
        try (BrowserContext context = browser.newContext(options(1440, "light"))) {
            Page page = login(context, "nina");
            open(page, "/admin/tenants");
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("No access"))).isVisible();
            assertThat(page.locator("body")).not().containsText("Could not navigate");
            assertThat(page.locator("body")).not().containsText("Available routes");
            assertThat(page.locator("#user-menu")).isVisible();
            shot(page, "frame-no-access");

            var response = page.navigate(stack.portalUrl + "/no/such/page");
            assertThat(response.status()).isNotEqualTo(403);
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Page not found")))
                    .isVisible();
            assertThat(page.locator("body")).containsText("There is no page at /no/such/page");
            assertThat(page.locator("#user-menu")).isVisible();
            shot(page, "frame-not-found");
        }
    }

    @Test
    void frame_theAuditLogShowsOldToNewAndDownloadsTheFilteredEntriesAsCsv() throws Exception {
        String admin = stack.token("admin");
        String etag = stack.api("GET", "/tenants/nlp/quota", admin, null, Map.of())
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        assertThat(stack.api("PUT", "/tenants/nlp/quota", admin,
                                "{\"gpus\":\"3\",\"cpu\":\"64\",\"memory\":\"256Gi\",\"storage\":\"2Ti\",\"maxWorkloads\":\"20\"}",
                                Map.of("If-Match", etag))
                        .statusCode())
                .isEqualTo(200);
        try (BrowserContext context = browser.newContext(options(1440, "light").setAcceptDownloads(true))) {
            Page page = login(context, "admin");
            open(page, "/admin/audit");
            page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Tenant").setExact(true)).fill("nlp");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter").setExact(true)).click();
            assertThat(page.locator("vaadin-grid").first()).containsText("new: slug nlp");
            assertThat(page.locator("vaadin-grid").first()).containsText("gpus: 2 → 3");
            shot(page, "frame-audit-log");
            var download = page.waitForDownload(() -> page.locator("#audit-export").click());
            Path file = stack.work.resolve("audit.csv");
            download.saveAs(file);
            List<String> lines = Files.readAllLines(file);
            assertThat(lines.getFirst()).isEqualTo("time,actor,action,object,key,tenant,changes,before,after");
            assertThat(lines.subList(1, lines.size())).isNotEmpty().allSatisfy(line -> assertThat(line)
                    .contains(",nlp,"));
        }
    }

    Browser.NewContextOptions options(int width, String theme) {
        return new Browser.NewContextOptions()
                .setViewportSize(width, width == PHONE_WIDTH ? 844 : 1000)
                .setColorScheme(theme.equals("dark") ? ColorScheme.DARK : ColorScheme.LIGHT);
    }

    Page login(BrowserContext context, String user) {
        Page page = context.newPage();
        page.navigate(stack.portalUrl + "/");
        page.waitForURL(url -> url.contains("/realms/gpu-portal/"));
        page.locator("#username").fill(user);
        page.locator("#password").fill("demo");
        page.locator("#kc-login").click();
        page.waitForURL(url -> url.startsWith(stack.portalUrl));
        assertThat(page.locator("#user-menu")).isVisible();
        return page;
    }

    void open(Page page, String path) {
        page.navigate(stack.portalUrl + path);
        assertThat(page.locator("h2").first()).isVisible();
    }

    /** The header fits the width, the user menu is on screen, and the page is drawn in the expected theme. */
    void expectFrame(Page page, int width, String theme) {
        Locator menu = page.locator("#user-menu");
        assertThat(menu).isVisible();
        var box = menu.boundingBox();
        assertThat(box.x + box.width).isLessThanOrEqualTo(width);
        assertThat(((Number) page.evaluate("document.documentElement.scrollWidth")).intValue())
                .as("page wider than the screen")
                .isLessThanOrEqualTo(width);
        assertThat(background(page)).isEqualTo(theme);
    }

    /** "dark" or "light" from the luminance of the page's background as drawn. */
    static String background(Page page) {
        String rgb = (String) page.evaluate("[document.body, document.documentElement]"
                + ".map(e => getComputedStyle(e).backgroundColor)"
                + ".find(c => c !== 'transparent' && !c.startsWith('rgba(0, 0, 0, 0')) || 'rgb(255, 255, 255)'");
        String[] parts = rgb.replaceAll("[^0-9,]", "").split(",");
        double luminance = 0.2126 * Integer.parseInt(parts[0]) + 0.7152 * Integer.parseInt(parts[1])
                + 0.0722 * Integer.parseInt(parts[2]);
        return luminance < 128 ? "dark" : "light";
    }

    void shot(Page page, String name) {
        page.waitForTimeout(300);
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
    }
}
