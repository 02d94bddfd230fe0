package dev.gpuportal.tenancy;

import java.util.Optional;

/** Lets other features veto archiving a tenant that still uses something (e.g. running workloads). */
public interface TenantArchiveGuard {

    /** Why the tenant cannot be archived now, or empty when it can. */
    Optional<String> whyNotArchivable(Tenant tenant);

    /** Why the tenant cannot move to another isolation tier now (what it has lives on the current one). */
    Optional<String> whyTierCannotChange(Tenant tenant);

    /** The admin confirmed archiving anyway: let go of what the tenant still uses (e.g. delete its workloads). */
    void release(Tenant tenant);
}
