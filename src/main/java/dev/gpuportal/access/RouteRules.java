package dev.gpuportal.access;

import dev.gpuportal.security.PortalUser;
import dev.gpuportal.tenancy.TenantRole;

/**
 * Who may go through a workload's route. Pure. A notebook is someone's workspace, where whoever is in runs code as
 * its owner: only its owner (still a member) and the tenant's admins. An endpoint serves the team: every member,
 * viewers included. Platform admins pass both, as they may already see, stop and delete every workload.
 */
final class RouteRules {

    private RouteRules() {}

    static boolean mayOpen(RouteKind kind, String owner, PortalUser user, TenantRole role) {
        if (user.platformAdmin()) {
            return true;
        }
        if (role == null) {
            return false;
        }
        return switch (kind) {
            case NOTEBOOKS ->
                role == TenantRole.TENANT_ADMIN || (owner.equals(user.username()) && role.includes(TenantRole.MEMBER));
            case ENDPOINTS -> true;
        };
    }
}
