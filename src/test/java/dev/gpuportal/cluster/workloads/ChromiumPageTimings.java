package dev.gpuportal.cluster.workloads;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The fleet-scale benchmark's pages as a person sees them: Debian's Chromium, headless, signed in as the admin
 * through the demo login form, opens each page several times and times it until its main content is rendered and the
 * Vaadin client has no server round trip in flight. A page that shows an error (the error views, an error
 * notification, Vaadin's system error, the login page again, an HTTP error, an uncaught script error) fails the phase
 * with what it showed; only a Chromium that cannot be started is reported instead of measured.
 */
final class ChromiumPageTimings {

    /** Debian's Chromium, as the browser suite (e2e/Stack) launches it. */
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    static final String RENDERED = "from page.navigate (a full page load: bootstrap, cached bundle, a new UI) until"
            + " the page's main content is rendered (a grid's first row with its cells filled; on the quota console"
            + " the totals and the tenant cards) and no Vaadin round trip is in flight (every"
            + " Vaadin.Flow.clients[*].isActive() false, the grid not loading)";

    /**
     * Evaluated in the page on every animation frame: null while not yet rendered, "ok" when it is, "error: …" when
     * the page shows an error. {@code spec.mode}: "grid" (first row), "cards" (quota console), "row" (the row at
     * {@code spec.index} after a scroll), "tenant" (every rendered row is of {@code spec.tenant}).
     */
    private static final String READY = """
            spec => {
              if (location.pathname.endsWith('/login')) return 'error: signed out, back on the login page';
              const shown = document.querySelector(
                  '.error-page, .v-system-error, vaadin-notification-card[theme~="error"]');
              if (shown) return 'error: ' + shown.textContent.trim().replace(/\\s+/g, ' ').slice(0, 300);
              const heading = document.querySelector('h2');
              if (heading && heading.textContent.trim() === 'Something went wrong')
                return 'error: ' + heading.parentElement.textContent.trim().replace(/\\s+/g, ' ').slice(0, 300);
              const clients = window.Vaadin && window.Vaadin.Flow && window.Vaadin.Flow.clients;
              if (!clients || Object.keys(clients).length === 0) return null;
              if (Object.values(clients).some(c => c.isActive && c.isActive())) return null;
              if (spec.mode === 'cards') {
                const totals = document.querySelector('.totals');
                const card = document.querySelector('.page .card');
                return totals && totals.textContent.trim() && card && card.offsetHeight > 0 ? 'ok' : null;
              }
              const grid = document.querySelector('vaadin-grid');
              if (!grid || grid.loading || grid.offsetHeight === 0 || !grid.shadowRoot) return null;
              const rows = Array.from(grid.shadowRoot.querySelectorAll('#items > tr'))
                .filter(r => !r.hidden && !r.hasAttribute('loading'))
                .map(r => ({index: r.index, cells: Array.from(r.querySelectorAll(':scope > td')).map(td => {
                  const slot = td.querySelector('slot');
                  const content = slot && slot.assignedElements()[0];
                  return content ? content.textContent.trim() : '';
                })}))
                .filter(r => r.cells.some(c => c));
              if (spec.mode === 'row') return rows.some(r => r.index === spec.index) ? 'ok' : null;
              if (spec.mode === 'tenant')
                return rows.length > 0 && rows.every(r => r.cells.includes(spec.tenant)) ? 'ok' : null;
              return rows.some(r => r.index === 0) ? 'ok' : null;
            }""";

    private final String base;
    private final int loads;
    private final Path screenshots;
    private final List<String> scriptErrors = new ArrayList<>();

    /**
     * @param base the portal's address, e.g. http://localhost:PORT
     * @param loads timed loads of each page (one more before them is reported as the first load)
     * @param screenshots where the phone-width screenshots go
     */
    ChromiumPageTimings(String base, int loads, Path screenshots) {
        this.base = base;
        this.loads = loads;
        this.screenshots = screenshots;
    }

    /**
     * Report lines: how it was measured, then p50/p95 per page; a single line saying so when Chromium cannot be
     * started. Throws {@link AssertionError} when a page shows an error or never renders.
     *
     * @param tenant the tenant whose list is timed (through the tenant filter of the all-tenant list)
     * @param loadAverage the machine's load average, read before and after
     */
    Map<String, String> measure(String tenant, java.util.function.Supplier<String> loadAverage) {
        Map<String, String> lines = new LinkedHashMap<>();
        Playwright playwright;
        Browser browser;
        try {
            playwright = Playwright.create(
                    new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        } catch (RuntimeException e) {
            lines.put("Chromium page timings", "not taken: Playwright could not start (" + firstLine(e) + ")");
            return lines;
        }
        try {
            browser = playwright
                    .chromium()
                    .launch(new BrowserType.LaunchOptions()
                            .setExecutablePath(CHROMIUM)
                            .setHeadless(true)
                            .setArgs(List.of(
                                    "--no-sandbox",
                                    "--disable-gpu",
                                    "--disable-background-networking",
                                    "--disable-component-update",
                                    "--disable-sync",
                                    "--no-first-run")));
        } catch (PlaywrightException e) {
            playwright.close();
            lines.put(
                    "Chromium page timings",
                    "not taken: Chromium (" + CHROMIUM + ") could not be launched (" + firstLine(e) + ")");
            return lines;
        }
        try (playwright;
                browser;
                BrowserContext context =
                        browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            String before = loadAverage.get();
            Page page = context.newPage();
            page.onPageError(scriptErrors::add);
            try {
                measure(page, tenant, lines);
            } catch (PlaywrightException e) {
                throw failed(page, page.url(), firstLine(e));
            }
            lines.put(
                    "Chromium page timings (how measured)",
                    browser.version() + " headless, 1280×900, signed in as admin through the demo login form; each"
                            + " page opened " + (loads + 1) + " times, the first reported apart and not counted;"
                            + " \"rendered\" = " + RENDERED + "; the portal in " + vaadinMode() + "; load average "
                            + before + " → " + loadAverage.get());
            lines.put("Chromium at phone width (390×844)", phoneWidth(context));
        }
        return lines;
    }

    /** As Vaadin decides it: the build info on the classpath says production mode (-Pproduction) or not. */
    static String vaadinMode() {
        try (var info = ChromiumPageTimings.class.getResourceAsStream("/META-INF/VAADIN/config/flow-build-info.json")) {
            boolean production = info != null
                    && new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(info)
                            .path("productionMode")
                            .asBoolean();
            return production
                    ? "Vaadin's production mode (the production bundle, as the image runs it)"
                    : "Vaadin's development mode (its pre-compiled development bundle)";
        } catch (java.io.IOException e) {
            return "an unknown Vaadin mode";
        }
    }

    private void measure(Page page, String tenant, Map<String, String> lines) {
        signIn(page);
        lines.put("Chromium: admin quota console (admin/quotas)", timeLoads(page, "admin/quotas", "cards"));
        lines.put("Chromium: clusters page (admin/clusters)", timeLoads(page, "admin/clusters", "grid"));
        long[] scrolls = new long[loads + 1];
        long[] filters = new long[loads + 1];
        int[] run = {0};
        lines.put(
                "Chromium: all-tenant workload list (admin/workloads)",
                timeLoads(page, "admin/workloads", "grid", () -> {
                    // the grid's row in the middle of the whole list, fetched from the server after the jump
                    int size = ((Number) page.evaluate("() => document.querySelector('vaadin-grid').size")).intValue();
                    int middle = size / 2;
                    long start = System.nanoTime();
                    page.evaluate("i => document.querySelector('vaadin-grid').scrollToIndex(i)", middle);
                    await(page, Map.of("mode", "row", "index", middle), "admin/workloads, row " + middle);
                    scrolls[run[0]] = System.nanoTime() - start;
                    page.evaluate("() => document.querySelector('vaadin-grid').scrollToIndex(0)");
                    await(page, Map.of("mode", "grid"), "admin/workloads, back at the top");
                    filters[run[0]++] = filterByTenant(page, tenant);
                    return size;
                }));
        lines.put(
                "Chromium: all-tenant list scrolled to its middle row (grid.scrollToIndex(size/2) until that row"
                        + " is filled)",
                summary(scrolls));
        lines.put(
                "Chromium: one tenant's workload list (admin/workloads, Tenant filter set to " + tenant
                        + ": from the click on it until every rendered row is " + tenant + "'s)",
                summary(filters));
    }

    private void signIn(Page page) {
        Response response = page.navigate(base + "/login");
        check(response, "login");
        page.getByLabel("Username").fill("admin");
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill("demo");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in"))
                .click();
        page.waitForURL(url -> !url.contains("/login"), new Page.WaitForURLOptions().setTimeout(120_000));
    }

    private String timeLoads(Page page, String path, String mode) {
        return timeLoads(page, path, mode, () -> 0);
    }

    /** Opens the page loads+1 times; {@code after} runs after each load is rendered (not timed with it). */
    private String timeLoads(Page page, String path, String mode, LongSupplier after) {
        long[] times = new long[loads + 1];
        // page.navigate returns at the load event: what is left after it is the UI's round trips and rendering
        long[] loaded = new long[loads + 1];
        long rows = 0;
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            check(page.navigate(base + "/" + path), path);
            loaded[i] = System.nanoTime() - start;
            await(page, Map.of("mode", mode), path);
            times[i] = System.nanoTime() - start;
            rows = after.getAsLong();
        }
        long[] timedLoads = Arrays.copyOfRange(loaded, 1, loaded.length);
        return summary(times)
                + String.format("; of it until the load event p50 %.0f ms", percentile(timedLoads, 50) / 1e6)
                + (rows > 0 ? "; grid size " + rows : "");
    }

    /** Picks the tenant in the list's Tenant filter; the time from the click until only its rows are shown. */
    private long filterByTenant(Page page, String tenant) {
        Locator select = page.locator("vaadin-select.workload-filter").first();
        String label = String.valueOf(select.evaluate("s => s.accessibleName"));
        if (!label.equals("Tenant")) {
            throw new AssertionError("admin/workloads: the first filter is \"" + label + "\", not the Tenant filter");
        }
        select.click();
        // matched as a JavaScript regular expression, where Pattern.quote means nothing; a slug needs no quoting
        Locator item = page.locator(
                "vaadin-select-item",
                new Page.LocatorOptions().setHasText(Pattern.compile("^\\s*" + tenant + "\\s*$")));
        item.waitFor();
        long start = System.nanoTime();
        item.click();
        await(page, Map.of("mode", "tenant", "tenant", tenant), "admin/workloads filtered to " + tenant);
        return System.nanoTime() - start;
    }

    /** A page and how {@link #READY} knows it is rendered. */
    private record Shown(String path, String mode) {}

    /** Each page once at phone width: a screenshot, and how far the page is wider than the screen. */
    private String phoneWidth(BrowserContext desktop) {
        List<String> overflow = new ArrayList<>();
        try (BrowserContext phone = desktop.browser()
                .newContext(new Browser.NewContextOptions()
                        .setViewportSize(390, 844)
                        .setStorageState(desktop.storageState()))) {
            Page page = phone.newPage();
            page.onPageError(scriptErrors::add);
            try {
                phoneWidth(page, overflow);
            } catch (PlaywrightException e) {
                throw failed(page, page.url() + " at 390×844", firstLine(e));
            }
        }
        return "screenshots " + screenshots.resolve("fleet-benchmark-390-*.png") + "; wider than the screen: "
                + (overflow.isEmpty() ? "none" : String.join(", ", overflow));
    }

    private void phoneWidth(Page page, List<String> overflow) {
        for (Shown shown : List.of(
                new Shown("admin/quotas", "cards"),
                new Shown("admin/clusters", "grid"),
                new Shown("admin/workloads", "grid"))) {
            String path = shown.path();
            check(page.navigate(base + "/" + path), path);
            await(page, Map.of("mode", shown.mode()), path + " at 390×844");
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(screenshots.resolve("fleet-benchmark-390-" + path.replace('/', '-') + ".png")));
            int wider = ((Number) page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth"))
                    .intValue();
            if (wider > 0) {
                overflow.add(path + " " + wider + " px");
            }
        }
    }

    private void await(Page page, Map<String, Object> spec, String what) {
        Object outcome;
        try {
            outcome = page.waitForFunction(READY, spec, new Page.WaitForFunctionOptions().setTimeout(120_000))
                    .jsonValue();
        } catch (PlaywrightException e) {
            throw failed(page, what, "not rendered: " + firstLine(e));
        }
        if (!"ok".equals(outcome)) {
            throw failed(page, what, String.valueOf(outcome));
        }
        if (!scriptErrors.isEmpty()) {
            throw failed(page, what, "uncaught script error: " + scriptErrors);
        }
    }

    private static void check(Response response, String what) {
        if (response != null && response.status() >= 400) {
            throw new AssertionError("Chromium: " + what + " answered HTTP " + response.status());
        }
    }

    private AssertionError failed(Page page, String what, String why) {
        Path shot = screenshots.resolve("fleet-benchmark-chromium-failure.png");
        String text = "";
        try {
            page.screenshot(new Page.ScreenshotOptions().setPath(shot).setFullPage(true));
            text = page.innerText("body").replaceAll("\\s+", " ");
        } catch (PlaywrightException e) {
            text = "(page unreadable: " + firstLine(e) + ")";
        }
        return new AssertionError("Chromium: " + what + " failed: " + why + "; the page showed: "
                + text.substring(0, Math.min(600, text.length())) + " (screenshot " + shot + ")");
    }

    /** p50 and p95 of the timed loads, the first (cold) load apart. */
    private static String summary(long[] times) {
        long[] timed = Arrays.copyOfRange(times, 1, times.length);
        return String.format(
                "p50 %.0f ms, p95 %.0f ms of %d (first %.0f ms)",
                percentile(timed, 50) / 1e6, percentile(timed, 95) / 1e6, timed.length, times[0] / 1e6);
    }

    private static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage()).strip();
        int end = message.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (end < 0 ? message : message.substring(0, end));
    }
}
