package dev.gpuportal.api;

import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.metrics.GpuUsageService;
import dev.gpuportal.metrics.ShowbackService;
import dev.gpuportal.metrics.UsageWindow;
import dev.gpuportal.metrics.WorkloadUsage;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** GPU use: a workload's utilisation and right-size suggestion; showback for platform admins, as JSON or CSV. */
@RestController
class MetricsApi {

    private final GpuUsageService usage;
    private final ShowbackService showback;

    MetricsApi(GpuUsageService usage, ShowbackService showback) {
        this.usage = usage;
        this.showback = showback;
    }

    @GetMapping("/api/v1/workloads/{id}/gpu-use")
    WorkloadUsage gpuUse(@PathVariable long id, @RequestParam(defaultValue = "hour") String window) {
        UsageWindow w;
        try {
            w = UsageWindow.valueOf(window.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("window", "One of hour, day, week");
        }
        return usage.usage(id, w); // someone else's workload: the same 404 as GET /workloads/{id}
    }

    @GetMapping(value = "/api/v1/showback", produces = MediaType.APPLICATION_JSON_VALUE)
    String showbackJson(@RequestParam String from, @RequestParam String to) {
        return ShowbackService.json(report(from, to));
    }

    @GetMapping(value = "/api/v1/showback.csv", produces = "text/csv")
    String showbackCsv(@RequestParam String from, @RequestParam String to) {
        return ShowbackService.csv(report(from, to));
    }

    private ShowbackService.Report report(String from, String to) {
        LocalDate first = day("from", from);
        LocalDate last = day("to", to);
        return TenantsApi.forbiddenIfDenied(() -> showback.showback(first, last));
    }

    private static LocalDate day(String field, String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw InvalidInputException.of(field, "A day as YYYY-MM-DD");
        }
    }
}
