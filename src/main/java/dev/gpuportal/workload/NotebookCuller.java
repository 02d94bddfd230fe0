package dev.gpuportal.workload;

import dev.gpuportal.base.Leadership;
import dev.gpuportal.notification.NotificationDraft;
import dev.gpuportal.notification.NotificationKind;
import dev.gpuportal.notification.NotificationService;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.TenantService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Stops notebooks that sat idle for their tenant's limit (replicas 0, volume kept), so the GPUs they hold go back
 * to the tenant; offers a smaller profile to those whose kernel is in use but whose GPU sits idle
 * ({@link NotebookIdleDecision}), told to the owner once per idle episode. Level-triggered: every pass looks at all
 * running notebooks again.
 */
@Component
class NotebookCuller {

    private static final Logger log = LoggerFactory.getLogger(NotebookCuller.class);

    private final WorkloadService workloads;
    private final TenantService tenants;
    private final QuotaService quotas;
    private final NotebookActivity activity;
    private final WorkloadSettings settings;
    private final Clock clock;
    private final Leadership leadership;
    private final NotebookGpuUse gpuUse;
    private final NotificationService notifications;

    NotebookCuller(
            WorkloadService workloads,
            TenantService tenants,
            QuotaService quotas,
            NotebookActivity activity,
            WorkloadSettings settings,
            Clock clock,
            Leadership leadership,
            NotebookGpuUse gpuUse,
            NotificationService notifications) {
        this.leadership = leadership;
        this.gpuUse = gpuUse;
        this.notifications = notifications;
        this.workloads = workloads;
        this.tenants = tenants;
        this.quotas = quotas;
        this.activity = activity;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${gpu-portal.workloads.idle-check-interval:60s}",
            initialDelayString = "${gpu-portal.workloads.idle-check-interval:60s}")
    void scheduledPass() {
        if (leadership.isLeader()) { // one replica stops notebooks, so no notebook is stopped twice
            cullIdleNotebooks();
        }
    }

    /** One pass over all running notebooks; returns how many were stopped. */
    int cullIdleNotebooks() {
        List<WorkloadRequest> running = workloads.runningNotebooksForInternalUse();
        Map<Long, WorkloadView> views = workloads.viewsForInternalUse(running).stream()
                .collect(Collectors.toMap(WorkloadView::id, Function.identity()));
        Optional<Map<Long, Instant>> gpuIdle = gpuIdleSince(List.copyOf(views.values()));
        int stopped = 0;
        Set<Long> offered = new HashSet<>();
        for (WorkloadRequest notebook : running) {
            Optional<Instant> gpuIdleSince =
                    gpuIdle.map(idle -> idle.get(notebook.getId())).filter(java.util.Objects::nonNull);
            Optional<KernelIdle> kernelIdle = kernelIdle(notebook);
            switch (NotebookIdleDecision.of(kernelIdle.map(KernelIdle::since), gpuIdleSince)) {
                case STOP -> stopped += stop(notebook, kernelIdle.orElseThrow()) ? 1 : 0;
                case OFFER_SMALLER_PROFILE -> offered.add(notebook.getId());
                case NOTHING -> {}
            }
        }
        if (gpuIdle.isPresent()) { // without metrics nothing is known: open offers stay as they are
            try {
                notifications.recordIdleEpisodesForInternalUse(
                        NotificationKind.SMALLER_PROFILE,
                        offered,
                        id -> offer(views.get(id), gpuIdle.get().get(id)));
            } catch (RuntimeException e) {
                log.warn("Could not tell the owners of idle notebook GPUs: {}", e.getMessage());
            }
        }
        return stopped;
    }

    private Optional<Map<Long, Instant>> gpuIdleSince(List<WorkloadView> notebooks) {
        try {
            return gpuUse.idleGpusSince(notebooks);
        } catch (RuntimeException e) {
            log.warn("Could not read the notebooks' GPU use: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private NotificationDraft offer(WorkloadView notebook, Instant idleSince) {
        return new NotificationDraft(
                notebook.owner(),
                notebook.id(),
                notebook.tenant(),
                "Notebook " + notebook.name() + ": its GPU sits idle",
                gpuUse.smallerProfileOffer(notebook, idleSince),
                "workloads/" + notebook.id());
    }

    private record KernelIdle(Instant since, Duration limit) {}

    /**
     * Since when the notebook's kernel sat idle, if that is the tenant's limit or longer; empty when it was not, or
     * could not be asked (then it counts as in use: never stopped on a guess).
     */
    private Optional<KernelIdle> kernelIdle(WorkloadRequest notebook) {
        try {
            return kernelIdleOrFail(notebook);
        } catch (RuntimeException e) {
            log.warn("Could not check notebook {} for idleness: {}", notebook.getId(), e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<KernelIdle> kernelIdleOrFail(WorkloadRequest notebook) {
        var limit = quotas.notebookIdleLimitForInternalUse(notebook.getTenantId(), settings.notebookIdleLimit());
        if (limit.isEmpty()) {
            return Optional.empty();
        }
        String slug = tenants.slugOf(notebook.getTenantId());
        var lastStarted =
                notebook.getRestartedAt() != null && notebook.getRestartedAt().isAfter(notebook.getUpdatedAt())
                        ? notebook.getRestartedAt()
                        : notebook.getUpdatedAt();
        return IdleRule.idleSince(clock.instant(), limit.get(), lastStarted, activity.lastActivity(notebook, slug))
                .map(since -> new KernelIdle(since, limit.get()));
    }

    private boolean stop(WorkloadRequest notebook, KernelIdle idle) {
        try {
            log.info(
                    "Stopping notebook {}/{}: idle since {}",
                    tenants.slugOf(notebook.getTenantId()),
                    notebook.getName(),
                    idle.since());
            workloads.stopIdle(notebook.getId(), idle.since(), idle.limit());
            return true;
        } catch (RuntimeException e) {
            log.warn("Could not stop idle notebook {}: {}", notebook.getId(), e.getMessage());
            return false;
        }
    }
}
