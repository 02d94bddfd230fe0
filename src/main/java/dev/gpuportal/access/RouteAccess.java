package dev.gpuportal.access;

import dev.gpuportal.security.CurrentUser;
import dev.gpuportal.security.PortalUser;
import dev.gpuportal.tenancy.TenantAccess;
import dev.gpuportal.workload.DesiredState;
import dev.gpuportal.workload.ObservedPhase;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Decides, for every request on a route, whether the caller gets through to the workload. Someone who may not open
 * it gets the same answer as for a workload that does not exist, so routes reveal nothing about other tenants.
 */
@Service
public class RouteAccess {

    private final TenantAccess tenantAccess;
    private final CurrentUser currentUser;
    private final RouteLookups lookups;

    RouteAccess(TenantAccess tenantAccess, CurrentUser currentUser, RouteLookups lookups) {
        this.tenantAccess = tenantAccess;
        this.currentUser = currentUser;
        this.lookups = lookups;
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

    public Decision decide(Route route) {
        Optional<PortalUser> user = currentUser.get();
        Optional<RouteLookups.WorkloadFacts> found = lookups.workload(route.tenant(), route.workload());
        if (user.isEmpty() || found.isEmpty()) {
            return new NotFound();
        }
        RouteLookups.WorkloadFacts w = found.get();
        if (w.kind() != route.kind().workloadKind() || w.desired() == DesiredState.DELETED) {
            return new NotFound();
        }
        var role = tenantAccess.rolesOf(user.get()).get(route.tenant());
        if (!RouteRules.mayOpen(route.kind(), w.owner(), user.get(), role)) {
            return new NotFound();
        }
        if (!w.running()) {
            return new NotRunning(w.id(), w.name(), route.kind(), w.shownPhase(), w.reason());
        }
        return new Open(w.id(), route);
    }
}
