package dev.gpuportal.demo;

import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.security.Authorities;
import dev.gpuportal.security.DemoLoginCondition;
import dev.gpuportal.security.DemoUsers;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Conditional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Seeds the embedded demo with two tenants whose groups match the demo users. Runs only with the demo login, and
 * only adds what is missing, so a restart keeps what the demo admin changed.
 */
@Component
@Conditional(DemoLoginCondition.class)
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final String ADMIN = DemoUsers.ACCOUNTS.stream()
            .filter(DemoUsers.DemoAccount::platformAdmin)
            .findFirst()
            .orElseThrow()
            .username();

    private final TenantService tenants;
    private final MembershipService memberships;
    private final QuotaService quotas;

    DemoData(TenantService tenants, MembershipService memberships, QuotaService quotas) {
        this.tenants = tenants;
        this.memberships = memberships;
        this.quotas = quotas;
    }

    @Override
    public void run(ApplicationArguments args) {
        // Seeded by the demo's platform admin account, so the audit log names who made the demo tenants.
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext admin = SecurityContextHolder.createEmptyContext();
        admin.setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(ADMIN, null, Authorities.of(Set.of(), true)));
        SecurityContextHolder.setContext(admin);
        try {
            seed("nlp", "Natural Language Processing", "Language models and text analytics", "nlp-team", "4");
            seed("recsys", "Recommender Systems", "Ranking and recommendation models", "recsys-team", "2");
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    private void seed(String slug, String name, String description, String group, String gpus) {
        if (tenants.findForInternalUse(slug).isPresent()) {
            return;
        }
        List<String> regions = List.of("eu-central");
        tenants.create(
                new TenantDraft(slug, name, description, IsolationTier.SHARED, regions),
                tenants.eligibleClusters(regions));
        memberships.grant(slug, SubjectType.GROUP, group, TenantRole.MEMBER);
        quotas.update(slug, QuotaService.NO_QUOTA_YET, new QuotaDraft(gpus, Map.of(), "64", "256Gi", "2Ti", "20"));
        log.info("Demo tenant '{}' created for group {}", slug, group);
    }
}
