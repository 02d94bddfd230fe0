package dev.gpuportal.workload;

import dev.gpuportal.base.Leadership;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.TenantService;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Stops notebooks that sat idle for their tenant's limit (replicas 0, volume kept), so the GPUs they hold go back
 * to the tenant. Level-triggered: every pass looks at all running notebooks again.
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

    NotebookCuller(
            WorkloadService workloads,
            TenantService tenants,
            QuotaService quotas,
            NotebookActivity activity,
            WorkloadSettings settings,
            Clock clock,
            Leadership leadership) {
        this.leadership = leadership;
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
        int stopped = 0;
        for (WorkloadRequest notebook : workloads.runningNotebooksForInternalUse()) {
            try {
                if (cullIfIdle(notebook)) {
                    stopped++;
                }
            } catch (RuntimeException e) {
                log.warn("Could not check notebook {} for idleness: {}", notebook.getId(), e.getMessage());
            }
        }
        return stopped;
    }

    private boolean cullIfIdle(WorkloadRequest notebook) {
        var limit = quotas.notebookIdleLimitForInternalUse(notebook.getTenantId(), settings.notebookIdleLimit());
        if (limit.isEmpty()) {
            return false;
        }
        String slug = tenants.slugOf(notebook.getTenantId());
        var lastStarted =
                notebook.getRestartedAt() != null && notebook.getRestartedAt().isAfter(notebook.getUpdatedAt())
                        ? notebook.getRestartedAt()
                        : notebook.getUpdatedAt();
        var idleSince =
                IdleRule.idleSince(clock.instant(), limit.get(), lastStarted, activity.lastActivity(notebook, slug));
        idleSince.ifPresent(since -> {
            log.info("Stopping notebook {}/{}: idle since {}", slug, notebook.getName(), since);
            workloads.stopIdle(notebook.getId(), since, limit.get());
        });
        return idleSince.isPresent();
    }
}
