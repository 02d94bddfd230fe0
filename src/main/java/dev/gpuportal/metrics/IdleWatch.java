package dev.gpuportal.metrics;

import dev.gpuportal.base.Leadership;
import dev.gpuportal.notification.NotificationDraft;
import dev.gpuportal.notification.NotificationKind;
import dev.gpuportal.notification.NotificationService;
import dev.gpuportal.workload.WorkloadKind;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadView;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Tells the owners of training jobs and endpoints when their GPUs went idle, once per idle episode (notebooks are
 * the culler's: their owners are offered a smaller profile instead). One Prometheus query per pass for every
 * tenant; when metrics do not answer, nothing is told and no episode ends.
 */
@Component
class IdleWatch {

    private static final Logger log = LoggerFactory.getLogger(IdleWatch.class);

    private final GpuUsageService usage;
    private final WorkloadService workloads;
    private final MetricsSettingsService settings;
    private final NotificationService notifications;
    private final Leadership leadership;

    IdleWatch(
            GpuUsageService usage,
            WorkloadService workloads,
            MetricsSettingsService settings,
            NotificationService notifications,
            Leadership leadership) {
        this.usage = usage;
        this.workloads = workloads;
        this.settings = settings;
        this.notifications = notifications;
        this.leadership = leadership;
    }

    @Scheduled(
            fixedDelayString = "${gpu-portal.metrics.idle-check-interval:60s}",
            initialDelayString = "${gpu-portal.metrics.idle-check-interval:60s}")
    void scheduledPass() {
        if (leadership.isLeader() && usage.configured()) {
            try {
                tellIdleOwners();
            } catch (RuntimeException e) {
                log.warn("Could not check workloads for idle GPUs: {}", e.getMessage());
            }
        }
    }

    /** One pass; returns how many owners were told of a new idle episode, or -1 when metrics did not answer. */
    int tellIdleOwners() {
        List<WorkloadView> running = workloads.runningGpuWorkloadsForInternalUse().stream()
                .filter(w -> w.kind() != WorkloadKind.NOTEBOOK)
                .toList();
        GpuUsageService.IdleFlags flags = usage.idleFlags(running);
        if (flags.status() != MetricsStatus.OK) {
            return -1;
        }
        Map<Long, WorkloadView> byId =
                running.stream().collect(Collectors.toMap(WorkloadView::id, Function.identity()));
        MetricsSettings rule = settings.current();
        return notifications.recordIdleEpisodesForInternalUse(
                NotificationKind.GPU_IDLE, flags.idleSince().keySet(), id -> {
                    WorkloadView w = byId.get(id);
                    return new NotificationDraft(
                            w.owner(),
                            id,
                            w.tenant(),
                            IdleNotices.idleTitle(w),
                            IdleNotices.idleBody(w, rule, flags.idleSince().get(id)),
                            "workloads/" + id);
                });
    }
}
