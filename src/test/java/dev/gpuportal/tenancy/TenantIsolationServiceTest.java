package dev.gpuportal.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuportal.audit.AuditFilter;
import dev.gpuportal.audit.AuditLog;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.security.Authorities;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The acceptance story at the service level: an admin creates tenant vision with 2.5 GPU-equivalents and a
 * cap of 4 × mig-1g.10gb; a data scientist of tenant nlp can neither see nor change it, whatever the UI shows.
 */
@SpringBootTest
class TenantIsolationServiceTest {

    @Autowired
    TenantService tenants;

    @Autowired
    MembershipService memberships;

    @Autowired
    QuotaService quotas;

    @Autowired
    AuditLog audit;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    static void signIn(String user, boolean admin, String... groups) {
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        user, null, Authorities.of(Set.of(groups), admin)));
    }

    @Test
    void aDataScientistOfNlpCanNeitherSeeNorChangeVision() {
        signIn("admin", true);
        if (tenants.findForInternalUse("vision").isEmpty()) {
            tenants.create(
                    new TenantDraft("vision", "Computer Vision", null, IsolationTier.SHARED, List.of("eu-central")));
            quotas.update(
                    "vision",
                    QuotaService.NO_QUOTA_YET,
                    new QuotaDraft("2.5", Map.of("mig-1g.10gb", "4"), "32", "128Gi", "1Ti", "10"));
        }
        assertThat(quotas.quotaOf("vision").describeCaps()).isEqualTo("4 × 1g.10gb");
        long version = quotas.quotaOf("vision").version();

        signIn("nina", false, "nlp-team");
        assertThat(tenants.visibleTenants())
                .extracting(Tenant::getSlug)
                .contains("nlp")
                .doesNotContain("vision");
        assertThat(tenants.myTenants().keySet()).extracting(Tenant::getSlug).containsExactly("nlp");
        assertThatThrownBy(() -> tenants.get("vision")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> quotas.quotaOf("vision")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> quotas.usageOf("vision")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> memberships.members("vision")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(
                        () -> quotas.update("vision", version, new QuotaDraft("99", Map.of(), "1", "1Gi", "1Gi", "1")))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> tenants.update(
                        "vision", 0, new TenantDraft("vision", "Mine now", null, IsolationTier.SHARED, List.of())))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> tenants.archive("vision")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> memberships.grant("vision", SubjectType.USER, "nina", TenantRole.TENANT_ADMIN))
                .isInstanceOf(AccessDeniedException.class);
        // a tenant that does not exist gets the same answer, so nobody learns which tenants exist
        assertThatThrownBy(() -> tenants.get("no-such-tenant"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("You have no access to tenant 'no-such-tenant'");

        signIn("admin", true);
        assertThat(quotas.quotaOf("vision").limits().gpus().toFractionString()).isEqualTo("5/2");
        assertThat(quotas.quotaOf("vision").version()).isEqualTo(version);
    }

    @Test
    void tenantAdminsManageTheirOwnMembersOnlyAndViewersNone() {
        AsPlatformAdmin.run(() -> {
            tenants.create(new TenantDraft("iso-a", "A", null, IsolationTier.SHARED, List.of()));
            tenants.create(new TenantDraft("iso-b", "B", null, IsolationTier.SHARED, List.of()));
            memberships.grant("iso-a", SubjectType.USER, "lead-a", TenantRole.TENANT_ADMIN);
            memberships.grant("iso-a", SubjectType.USER, "watcher", TenantRole.VIEWER);
        });
        signIn("lead-a", false);
        memberships.grant("iso-a", SubjectType.GROUP, "a-team", TenantRole.MEMBER);
        assertThatThrownBy(() -> memberships.grant("iso-b", SubjectType.GROUP, "a-team", TenantRole.MEMBER))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> quotas.update(
                        "iso-a", QuotaService.NO_QUOTA_YET, new QuotaDraft("1", Map.of(), "1", "1Gi", "1Gi", "1")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Only platform admins set quotas");

        signIn("watcher", false);
        assertThat(memberships.members("iso-a")).hasSize(3);
        assertThatThrownBy(() -> memberships.grant("iso-a", SubjectType.GROUP, "x", TenantRole.MEMBER))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("you are viewer");
    }

    @Test
    void everyChangeIsAuditedOnceWithBeforeAndAfter() {
        AsPlatformAdmin.run(() -> {
            tenants.create(new TenantDraft("iso-audit", "Audit", null, IsolationTier.SHARED, List.of()));
            Tenant t = tenants.get("iso-audit");
            tenants.update(
                    "iso-audit",
                    t.getVersion(),
                    new TenantDraft("iso-audit", "Audit 2", null, IsolationTier.SHARED, List.of()));
            quotas.update(
                    "iso-audit", QuotaService.NO_QUOTA_YET, new QuotaDraft("1", Map.of(), "1", "1Gi", "1Gi", "1"));
            var events = audit.list(new AuditFilter(null, "iso-audit", "tenant", null, null), 10);
            assertThat(events).extracting(e -> e.getAction()).containsExactly("UPDATE", "CREATE");
            assertThat(events.getFirst().getBeforeState()).contains("\"displayName\":\"Audit\"");
            assertThat(events.getFirst().getAfterState()).contains("\"displayName\":\"Audit 2\"");
            assertThat(audit.list(new AuditFilter(null, "iso-audit", "quota", null, null), 10))
                    .hasSize(1);
        });
        signIn("nina", false, "nlp-team");
        assertThatThrownBy(() -> audit.list(AuditFilter.all(), 10)).isInstanceOf(AccessDeniedException.class);
    }
}
