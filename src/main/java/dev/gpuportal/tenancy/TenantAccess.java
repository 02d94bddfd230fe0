package dev.gpuportal.tenancy;

import dev.gpuportal.security.CurrentUser;
import dev.gpuportal.security.PortalUser;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Answers "may the caller do this in that tenant?" for every service call. Platform admins may do anything. */
@Component
public class TenantAccess {

    private final MembershipRepository memberships;
    private final CurrentUser currentUser;

    TenantAccess(MembershipRepository memberships, CurrentUser currentUser) {
        this.memberships = memberships;
        this.currentUser = currentUser;
    }

    /** The caller's role per tenant slug (platform admins only get the tenants they are members of). */
    @Transactional(readOnly = true)
    public Map<String, TenantRole> rolesOfCaller() {
        return rolesOf(currentUser.require());
    }

    @Transactional(readOnly = true)
    public Map<String, TenantRole> rolesOf(PortalUser user) {
        Set<String> groups = new HashSet<>(user.groups());
        groups.add(""); // keeps the IN list non-empty; no group has an empty name
        return MembershipResolver.effectiveRoles(
                user,
                memberships.findForSubject(user.username(), groups).stream()
                        .map(Membership::view)
                        .toList());
    }

    public Optional<TenantRole> roleOfCaller(String tenantSlug) {
        return Optional.ofNullable(rolesOfCaller().get(tenantSlug));
    }

    public boolean callerIsPlatformAdmin() {
        return currentUser.require().platformAdmin();
    }

    /**
     * Throws unless the caller is a platform admin or holds at least {@code minimum} in the tenant. The message is
     * the same whether or not the tenant exists, so nobody learns of tenants they are not in.
     */
    public void require(String tenantSlug, TenantRole minimum) {
        PortalUser user = currentUser.require();
        if (user.platformAdmin()) {
            return;
        }
        TenantRole role = rolesOf(user).get(tenantSlug);
        if (role == null) {
            throw new AccessDeniedException("You have no access to tenant '" + tenantSlug + "'");
        }
        if (!role.includes(minimum)) {
            throw new AccessDeniedException("This needs the " + minimum.label() + " role in tenant '" + tenantSlug
                    + "'; you are " + role.label());
        }
    }

    public void requirePlatformAdmin(String what) {
        if (!currentUser.require().platformAdmin()) {
            throw new AccessDeniedException("Only platform admins " + what);
        }
    }
}
