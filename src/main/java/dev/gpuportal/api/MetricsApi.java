package dev.gpuportal.api;

import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.metrics.FleetRow;
import dev.gpuportal.metrics.GpuUsageService;
import dev.gpuportal.metrics.MetricsSettings;
import dev.gpuportal.metrics.MetricsSettingsForm;
import dev.gpuportal.metrics.MetricsSettingsService;
import dev.gpuportal.metrics.ShowbackService;
import dev.gpuportal.metrics.UsageWindow;
import dev.gpuportal.metrics.WorkloadUsage;
import dev.gpuportal.workload.WorkloadService;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * GPU use: a workload's utilisation and right-size suggestion and the restart on it; for platform admins showback
 * (JSON or CSV), the fleet and the metrics settings.
 */
@RestController
class MetricsApi {

    private final GpuUsageService usage;
    private final ShowbackService showback;
    private final MetricsSettingsService settings;
    private final WorkloadService workloads;
    private final JsonBodies bodies;

    MetricsApi(
            GpuUsageService usage,
            ShowbackService showback,
            MetricsSettingsService settings,
            WorkloadService workloads,
            JsonBodies bodies) {
        this.usage = usage;
        this.showback = showback;
        this.settings = settings;
        this.workloads = workloads;
        this.bodies = bodies;
    }

    @GetMapping("/api/v1/workloads/{id}/gpu-use")
    WorkloadUsage gpuUse(@PathVariable long id, @RequestParam(defaultValue = "hour") String window) {
        return usage.usage(id, window(window)); // someone else's workload: the same 404 as GET /workloads/{id}
    }

    /** Restarts on the suggested profile: 404 unseen, 403 not yours to change, 409 with the reason when none. */
    @PostMapping("/api/v1/workloads/{id}/right-size")
    Json.WorkloadJson rightSize(@PathVariable long id, @RequestParam(defaultValue = "hour") String window) {
        UsageWindow w = window(window);
        workloads.get(id);
        return Json.WorkloadJson.of(TenantsApi.forbiddenIfDenied(() -> usage.restartOnSuggestion(id, w)));
    }

    @GetMapping(value = "/api/v1/showback", produces = MediaType.APPLICATION_JSON_VALUE)
    String showbackJson(@RequestParam String from, @RequestParam String to) {
        return ShowbackService.json(report(from, to));
    }

    @GetMapping(value = "/api/v1/showback.csv", produces = "text/csv")
    String showbackCsv(@RequestParam String from, @RequestParam String to) {
        return ShowbackService.csv(report(from, to));
    }

    /** One cluster's GPUs of one product in GPU-equivalents, as decimals and exact fractions. */
    record FleetRowJson(
            String cluster,
            String gpuModel,
            String capacity,
            String capacityExact,
            String allocated,
            String allocatedExact,
            String used,
            String idleAllocated,
            String idleAllocatedExact) {

        static FleetRowJson of(FleetRow r) {
            return new FleetRowJson(
                    r.cluster(),
                    r.gpuModel(),
                    r.capacity().toDecimal(4).toPlainString(),
                    r.capacity().toFractionString(),
                    r.allocated().toDecimal(4).toPlainString(),
                    r.allocated().toFractionString(),
                    java.math.BigDecimal.valueOf(r.used())
                            .setScale(4, RoundingMode.HALF_UP)
                            .toPlainString(),
                    r.idleAllocated().toDecimal(4).toPlainString(),
                    r.idleAllocated().toFractionString());
        }
    }

    record FleetJson(String status, String message, List<FleetRowJson> rows) {}

    @GetMapping("/api/v1/fleet")
    FleetJson fleet() {
        var fleet = TenantsApi.forbiddenIfDenied(showback::fleet);
        return new FleetJson(
                fleet.status().name(),
                fleet.message(),
                fleet.rows().stream().map(FleetRowJson::of).toList());
    }

    /** The idle rule and the prices per GPU-hour by product; {@code products} are the catalog's, to price. */
    record SettingsJson(int idleThresholdPercent, long idleMinutes, Map<String, String> prices, List<String> products) {

        static SettingsJson of(MetricsSettings s, List<String> products) {
            Map<String, String> prices = new TreeMap<>();
            s.pricePerGpuHour()
                    .forEach((model, price) ->
                            prices.put(model, price.stripTrailingZeros().toPlainString()));
            return new SettingsJson(s.idleThresholdPercent(), s.idleFor().toMinutes(), prices, products);
        }
    }

    @GetMapping("/api/v1/metrics/settings")
    SettingsJson settings() {
        return SettingsJson.of(TenantsApi.forbiddenIfDenied(settings::settingsForAdmin), settings.products());
    }

    /** Replaces the settings (prices left out are removed); the body is read only after the rights check. */
    @PutMapping(value = "/api/v1/metrics/settings", consumes = MediaType.APPLICATION_JSON_VALUE)
    SettingsJson updateSettings(@RequestBody String body) {
        TenantsApi.forbiddenIfDenied(settings::settingsForAdmin);
        Requests.MetricsSettingsInput input = bodies.read(body, Requests.MetricsSettingsInput.class);
        MetricsSettingsForm form = input.toForm();
        MetricsSettings saved;
        try {
            saved = TenantsApi.forbiddenIfDenied(() -> settings.update(form));
        } catch (InvalidInputException e) {
            // the form names a price "price.<product>"; in this body it sits under "prices"
            Map<String, String> fields = new LinkedHashMap<>();
            e.fieldErrors()
                    .forEach((field, message) -> fields.put(field.replaceFirst("^price\\.", "prices."), message));
            throw new InvalidInputException(fields);
        }
        return SettingsJson.of(saved, settings.products());
    }

    private ShowbackService.Report report(String from, String to) {
        LocalDate first = day("from", from);
        LocalDate last = day("to", to);
        return TenantsApi.forbiddenIfDenied(() -> showback.showback(first, last));
    }

    private static UsageWindow window(String text) {
        try {
            return UsageWindow.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("window", "One of hour, day, week");
        }
    }

    private static LocalDate day(String field, String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw InvalidInputException.of(field, "A day as YYYY-MM-DD");
        }
    }
}
