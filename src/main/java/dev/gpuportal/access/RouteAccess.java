package dev.gpuportal.access;

import dev.gpuportal.security.CurrentUser;
import dev.gpuportal.security.PortalUser;
import dev.gpuportal.tenancy.TenantAccess;
import dev.gpuportal.workload.DesiredState;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadRequest;
import dev.gpuportal.workload.WorkloadService;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides, for every request on a route, whether the caller gets through to the workload. Someone who may not open
 * it gets the same answer as for a workload that does not exist, so routes reveal nothing about other tenants.
 */
@Service
public class RouteAccess {

    private final WorkloadService workloads;
    private final TenantAccess tenantAccess;
    private final CurrentUser currentUser;

    RouteAccess(WorkloadService workloads, TenantAccess tenantAccess, CurrentUser currentUser) {
        this.workloads = workloads;
        this.tenantAccess = tenantAccess;
        this.currentUser = currentUser;
    }

    /** What a route request leads to. */
    public sealed interface Decision {}

    /** No such workload, or not for this caller. */
    public record NotFound() implements Decision {}

    /** The caller may open it, but it does not run: say so and where to start it. */
    public record NotRunning(long workloadId, String name, RouteKind kind, ObservedPhase phase, String reason)
            implements Decision {}

    /** A program's key does not open this route (401). */
    public record Refused(String reason) implements Decision {}

    /** Pass the request on. */
    public record Open(long workloadId, Route route) implements Decision {}

    @Transactional(readOnly = true)
    public Decision decide(Route route) {
        Optional<PortalUser> user = currentUser.get();
        Optional<WorkloadRequest> found = workloads.findByNameForInternalUse(route.tenant(), route.workload());
        if (user.isEmpty() || found.isEmpty()) {
            return new NotFound();
        }
        WorkloadRequest w = found.get();
        if (w.getKind() != route.kind().workloadKind() || w.getDesiredState() == DesiredState.DELETED) {
            return new NotFound();
        }
        var role = tenantAccess.rolesOf(user.get()).get(route.tenant());
        if (!RouteRules.mayOpen(route.kind(), w.getOwner(), user.get(), role)) {
            return new NotFound();
        }
        if (w.getDesiredState() != DesiredState.RUNNING || w.getObservedPhase() != ObservedPhase.RUNNING) {
            ObservedPhase phase =
                    w.getDesiredState() == DesiredState.STOPPED ? ObservedPhase.STOPPED : w.getObservedPhase();
            return new NotRunning(w.getId(), w.getName(), route.kind(), phase, w.getObservedReason());
        }
        return new Open(w.getId(), route);
    }
}
