package dev.gpuportal.metrics;

import dev.gpuportal.workload.NotebookGpuUse;
import dev.gpuportal.workload.WorkloadView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The notebook culler's second signal: which notebooks' GPUs are idle (one Prometheus query for all of them), and
 * for the owner of one, the smaller profile its last day's peaks would have fitted.
 */
@Component
class NotebookGpuIdleness implements NotebookGpuUse {

    private final GpuUsageService usage;
    private final MetricsSettingsService settings;

    NotebookGpuIdleness(GpuUsageService usage, MetricsSettingsService settings) {
        this.usage = usage;
        this.settings = settings;
    }

    @Override
    public Optional<Map<Long, Instant>> idleGpusSince(List<WorkloadView> notebooks) {
        GpuUsageService.IdleFlags flags = usage.idleFlags(notebooks);
        return flags.status() == MetricsStatus.OK ? Optional.of(flags.idleSince()) : Optional.empty();
    }

    @Override
    public String smallerProfileOffer(WorkloadView notebook, Instant idleSince) {
        WorkloadUsage day = usage.usageOf(notebook, UsageWindow.DAY);
        return IdleNotices.offerBody(notebook, settings.current(), idleSince, day.suggestion());
    }
}
