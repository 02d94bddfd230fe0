package dev.gpuportal.workload;

/**
 * Which workloads a list shows: the scope (the caller's own, their teams', or every tenant's for platform admins) and
 * optional filters. Blank or null filters match everything. Pages, the REST API and the admin view all list through
 * this one query.
 */
public record WorkloadQuery(
        Scope scope,
        String tenant,
        String search,
        WorkloadKind kind,
        ObservedPhase phase,
        String gpuProfile,
        String owner) {

    public enum Scope {
        /** Workloads the caller owns, in their tenants. */
        MINE,
        /** Every workload of the caller's tenants. */
        MY_TEAMS,
        /** Every workload of every tenant: platform admins only. */
        ALL_TENANTS
    }

    public WorkloadQuery {
        scope = scope == null ? Scope.MY_TEAMS : scope;
        tenant = blankToNull(tenant);
        search = blankToNull(search);
        gpuProfile = blankToNull(gpuProfile);
        owner = blankToNull(owner);
    }

    public static WorkloadQuery of(Scope scope) {
        return new WorkloadQuery(scope, null, null, null, null, null, null);
    }

    public WorkloadQuery withScope(Scope value) {
        return new WorkloadQuery(value, tenant, search, kind, phase, gpuProfile, owner);
    }

    public WorkloadQuery withTenant(String value) {
        return new WorkloadQuery(scope, value, search, kind, phase, gpuProfile, owner);
    }

    public WorkloadQuery withSearch(String value) {
        return new WorkloadQuery(scope, tenant, value, kind, phase, gpuProfile, owner);
    }

    public WorkloadQuery withKind(WorkloadKind value) {
        return new WorkloadQuery(scope, tenant, search, value, phase, gpuProfile, owner);
    }

    public WorkloadQuery withPhase(ObservedPhase value) {
        return new WorkloadQuery(scope, tenant, search, kind, value, gpuProfile, owner);
    }

    public WorkloadQuery withGpuProfile(String value) {
        return new WorkloadQuery(scope, tenant, search, kind, phase, value, owner);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
