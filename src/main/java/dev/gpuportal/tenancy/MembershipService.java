package dev.gpuportal.tenancy;

import dev.gpuportal.audit.AuditAction;
import dev.gpuportal.audit.AuditLog;
import dev.gpuportal.base.FieldErrors;
import dev.gpuportal.base.NotFoundException;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Who belongs to a tenant. Tenant admins manage their own tenant's members; platform admins manage all. */
@Service
public class MembershipService {

    static final String ENTITY = "membership";
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:/-]{0,199}");

    private final TenantRepository tenants;
    private final MembershipRepository memberships;
    private final TenantAccess access;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    MembershipService(
            TenantRepository tenants,
            MembershipRepository memberships,
            TenantAccess access,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock) {
        this.tenants = tenants;
        this.memberships = memberships;
        this.access = access;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<MembershipView> members(String tenantSlug) {
        access.require(tenantSlug, TenantRole.VIEWER);
        return memberships.findByTenantId(tenant(tenantSlug).getId()).stream()
                .map(Membership::view)
                .toList();
    }

    /** Adds a membership, or changes the role of the existing one for the same user or group. */
    @Transactional
    public MembershipView grant(String tenantSlug, SubjectType type, String subject, TenantRole role) {
        access.require(tenantSlug, TenantRole.TENANT_ADMIN);
        Tenant tenant = tenant(tenantSlug);
        TenantService.requireEditable(tenant);
        check(type, subject, role);
        String s = subject.strip();
        var existing = memberships.findByTenantIdAndSubjectTypeAndSubject(tenant.getId(), type, s);
        if (existing.isPresent()) {
            Membership m = existing.get();
            MembershipView before = m.view();
            m.setRole(role);
            memberships.saveAndFlush(m);
            audit.record(AuditAction.UPDATE, ENTITY, type + ":" + s, tenantSlug, before, m.view());
            events.publishEvent(new TenantChanged(tenantSlug));
            return m.view();
        }
        Membership m = memberships.saveAndFlush(new Membership(tenant, type, s, role, clock.instant()));
        audit.record(AuditAction.CREATE, ENTITY, type + ":" + s, tenantSlug, null, m.view());
        events.publishEvent(new TenantChanged(tenantSlug));
        return m.view();
    }

    /** Checks a membership before it is granted: messages at "subjectType", "subject" and "role". */
    public void check(SubjectType type, String subject, TenantRole role) {
        FieldErrors errors = new FieldErrors();
        String s = subject == null ? "" : subject.strip();
        if (type == null) {
            errors.add("subjectType", "Choose user or group");
        }
        if (s.isEmpty()) {
            errors.add("subject", "Required");
        } else if (!SUBJECT.matcher(s).matches()) {
            errors.add("subject", "Use letters, digits and . _ @ : / - (at most 200)");
        }
        if (role == null) {
            errors.add("role", "Choose a role");
        }
        errors.throwIfAny();
    }

    @Transactional
    public void revoke(String tenantSlug, long membershipId) {
        access.require(tenantSlug, TenantRole.TENANT_ADMIN);
        Tenant tenant = tenant(tenantSlug);
        TenantService.requireEditable(tenant);
        Membership m = memberships
                .findById(membershipId)
                .filter(found -> found.getTenant().getId().equals(tenant.getId()))
                .orElseThrow(() -> new NotFoundException("No such membership in tenant '" + tenantSlug + "'"));
        MembershipView before = m.view();
        memberships.delete(m);
        audit.record(AuditAction.DELETE, ENTITY, m.getSubjectType() + ":" + m.getSubject(), tenantSlug, before, null);
        events.publishEvent(new TenantChanged(tenantSlug));
    }

    /**
     * Makes a file-managed tenant's memberships exactly {@code wanted}: adds, changes roles, removes the rest. For the
     * tenant-file sync only, like {@link TenantService#applyFromFile}.
     */
    @Transactional
    public void replaceFromFile(String tenantSlug, List<MembershipView> wanted) {
        Tenant tenant = tenant(tenantSlug);
        FieldErrors errors = new FieldErrors();
        for (int i = 0; i < wanted.size(); i++) {
            MembershipView w = wanted.get(i);
            if (w.subject() == null || !SUBJECT.matcher(w.subject().strip()).matches()) {
                errors.add("members[" + i + "]", "'" + w.subject() + "' is not a user or group name");
            }
            if (w.role() == null) {
                errors.add("members[" + i + "]", "Role must be tenant-admin, member or viewer");
            }
        }
        errors.throwIfAny();
        List<Membership> current = memberships.findByTenantId(tenant.getId());
        boolean changed = false;
        for (Membership m : current) {
            boolean keep = wanted.stream()
                    .anyMatch(w -> w.subjectType() == m.getSubjectType()
                            && w.subject().strip().equals(m.getSubject()));
            if (!keep) {
                memberships.delete(m);
                audit.record(
                        AuditAction.DELETE,
                        ENTITY,
                        m.getSubjectType() + ":" + m.getSubject(),
                        tenantSlug,
                        m.view(),
                        null);
                changed = true;
            }
        }
        for (MembershipView w : wanted) {
            String subject = w.subject().strip();
            var existing = current.stream()
                    .filter(m -> m.getSubjectType() == w.subjectType()
                            && m.getSubject().equals(subject))
                    .findFirst();
            if (existing.isEmpty()) {
                Membership m =
                        memberships.save(new Membership(tenant, w.subjectType(), subject, w.role(), clock.instant()));
                audit.record(AuditAction.CREATE, ENTITY, w.subjectType() + ":" + subject, tenantSlug, null, m.view());
                changed = true;
            } else if (existing.get().getRole() != w.role()) {
                MembershipView before = existing.get().view();
                existing.get().setRole(w.role());
                audit.record(
                        AuditAction.UPDATE,
                        ENTITY,
                        w.subjectType() + ":" + subject,
                        tenantSlug,
                        before,
                        existing.get().view());
                changed = true;
            }
        }
        memberships.flush();
        if (changed) {
            events.publishEvent(new TenantChanged(tenantSlug));
        }
    }

    private Tenant tenant(String slug) {
        return tenants.findBySlug(slug).orElseThrow(() -> new NotFoundException("No tenant '" + slug + "'"));
    }
}
