package dev.gpuportal.tenancy;

import dev.gpuportal.security.PortalUser;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides a user's role in each tenant from the membership rules: a rule for the user's own name or for any of
 * their identity-provider groups applies, and the highest role wins.
 */
final class MembershipResolver {

    private MembershipResolver() {}

    static Map<String, TenantRole> effectiveRoles(PortalUser user, Collection<MembershipView> memberships) {
        Map<String, TenantRole> roles = new TreeMap<>();
        for (MembershipView m : memberships) {
            if (applies(m, user)) {
                roles.merge(m.tenantSlug(), m.role(), (a, b) -> a.includes(b) ? a : b);
            }
        }
        return roles;
    }

    static boolean applies(MembershipView m, PortalUser user) {
        return switch (m.subjectType()) {
            case USER -> m.subject().equals(user.username());
            case GROUP -> user.isInGroup(m.subject());
        };
    }
}
