package dev.gpuportal.onboarding;

import dev.gpuportal.base.FieldErrors;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.Tenant;
import dev.gpuportal.tenancy.TenantService;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates a tenant with its placement, members and first quota in one transaction: everything is checked first and
 * every problem reported at once, and a refusal leaves nothing behind. Field names: the tenant's own ("slug",
 * "clusters", …), "members[i].subject" (and ".role", ".subjectType"), and "quota.gpus", "quota.cap.&lt;profile&gt;", ….
 */
@Service
public class TenantSetupService {

    private final TenantService tenants;
    private final MembershipService memberships;
    private final QuotaService quotas;

    TenantSetupService(TenantService tenants, MembershipService memberships, QuotaService quotas) {
        this.tenants = tenants;
        this.memberships = memberships;
        this.quotas = quotas;
    }

    /**
     * Checks a setup without saving anything (platform admins) and returns what its limits of 0 would mean (empty
     * when none is 0); problems come as one {@link InvalidInputException} naming every field.
     */
    @Transactional(readOnly = true)
    public List<String> check(TenantSetup setup) {
        FieldErrors errors = new FieldErrors();
        collect(errors, "", () -> tenants.check(setup.tenant(), setup.clusters()));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < setup.members().size(); i++) {
            TenantSetup.Member m = setup.members().get(i);
            String prefix = "members[" + i + "].";
            collect(errors, prefix, () -> memberships.check(m.type(), m.subject(), m.role()));
            if (m.subject() != null && !seen.add(m.type() + ":" + m.subject().strip())) {
                errors.add(prefix + "subject", m.subject().strip() + " is listed twice");
            }
        }
        List<String> warnings = List.of();
        try {
            warnings = quotas.check(slug(setup), quotas.completeWithDefaults(setup.quota()));
        } catch (InvalidInputException e) {
            e.fieldErrors().forEach((field, message) -> errors.add("quota." + field, message));
        }
        errors.throwIfAny();
        return warnings;
    }

    /** Checks, then creates the tenant, its members and its quota; returns the tenant. */
    @Transactional
    public Tenant create(TenantSetup setup) {
        check(setup);
        Tenant tenant = tenants.create(setup.tenant(), setup.clusters());
        for (TenantSetup.Member m : setup.members()) {
            memberships.grant(tenant.getSlug(), m.type(), m.subject(), m.role());
        }
        quotas.createForNewTenant(tenant.getSlug(), setup.quota());
        return tenant;
    }

    private static String slug(TenantSetup setup) {
        String slug = setup.tenant().slug();
        return slug == null || slug.isBlank() ? "(new)" : slug.strip();
    }

    private static void collect(FieldErrors errors, String prefix, Runnable check) {
        try {
            check.run();
        } catch (InvalidInputException e) {
            e.fieldErrors().forEach((field, message) -> errors.add(prefix + field, message));
        }
    }
}
