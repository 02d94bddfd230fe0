package dev.gpuportal.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuportal.audit.AuditFilter;
import dev.gpuportal.audit.AuditLog;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Runs as the portal's system identity, a platform admin (the API tests check who else may). */
@SpringBootTest
class TenantSetupServiceTest {

    @Autowired
    TenantSetupService setups;

    @Autowired
    TenantService tenants;

    @Autowired
    MembershipService memberships;

    @Autowired
    QuotaService quotas;

    @Autowired
    AuditLog audit;

    @Test
    void aTenantGivenOnlyAGpuQuotaGetsTheDefaultLimitsAndCanRunWorkloads() {
        AsPlatformAdmin.run(() -> {
            setups.create(new TenantSetup(
                    shared("setup-gpu-only"),
                    List.of("demo"),
                    List.of(new TenantSetup.Member(SubjectType.GROUP, "gpu-only-team", TenantRole.MEMBER)),
                    new QuotaDraft("2.5", Map.of(), null, null, null, null)));

            var quota = quotas.quotaOf("setup-gpu-only");
            assertThat(quota.limits().gpus().toFractionString()).isEqualTo("5/2");
            assertThat(quota.limits().cpuMillis()).isEqualTo(16_000);
            assertThat(quota.limits().maxWorkloads()).isEqualTo(10);
            assertThat(quota.limits().memoryBytes()).isPositive();
            assertThat(quota.limits().storageBytes()).isPositive();
            assertThat(quota.warnings()).isEmpty();
            assertThat(memberships.members("setup-gpu-only")).hasSize(1);
        });
    }

    @Test
    void everyProblemIsNamedAtOnceAndNothingIsCreated() {
        AsPlatformAdmin.run(() -> {
            TenantSetup bad = new TenantSetup(
                    new TenantDraft("Bad Slug", "", null, IsolationTier.SHARED, List.of()),
                    List.of("nowhere"),
                    List.of(
                            new TenantSetup.Member(SubjectType.GROUP, "ok-team", TenantRole.MEMBER),
                            new TenantSetup.Member(SubjectType.USER, "no spaces", TenantRole.MEMBER)),
                    new QuotaDraft("1", Map.of(), "8", "12 gigs", null, "-1"));
            assertThatThrownBy(() -> setups.create(bad))
                    .isInstanceOfSatisfying(
                            InvalidInputException.class,
                            e -> assertThat(e.fieldErrors())
                                    .containsKeys(
                                            "slug",
                                            "displayName",
                                            "clusters",
                                            "members[1].subject",
                                            "quota.memory",
                                            "quota.maxWorkloads")
                                    .doesNotContainKey("members[0].subject"));
        });
    }

    @Test
    void aTakenSlugRefusesTheWholeSetup() {
        AsPlatformAdmin.run(() -> {
            // another admin took the slug: none of this setup reaches their tenant
            tenants.create(shared("setup-taken"));
            assertThatThrownBy(() -> setups.create(new TenantSetup(
                            shared("setup-taken"),
                            List.of(),
                            List.of(new TenantSetup.Member(SubjectType.GROUP, "taken-team", TenantRole.MEMBER)),
                            null)))
                    .isInstanceOf(InvalidInputException.class);
            assertThat(memberships.members("setup-taken")).isEmpty();
            assertThat(quotas.quotaOf("setup-taken").version()).isEqualTo(QuotaService.NO_QUOTA_YET);
            assertThat(audit.list(new AuditFilter(null, "setup-taken", "membership", null, null), 10))
                    .isEmpty();
        });
    }

    @Test
    void aDedicatedTenantNeedsAHostThatServesVirtualClustersAndASupportedVersion() {
        AsPlatformAdmin.run(() -> {
            TenantSetup dedicated = new TenantSetup(
                    new TenantDraft(
                            "setup-dedicated",
                            "Dedicated",
                            null,
                            IsolationTier.DEDICATED,
                            List.of(),
                            "v1.99.0",
                            List.of()),
                    List.of("demo"),
                    List.of(),
                    null);
            assertThatThrownBy(() -> setups.create(dedicated))
                    .isInstanceOfSatisfying(
                            InvalidInputException.class,
                            e -> assertThat(e.fieldErrors())
                                    .containsEntry(
                                            "isolationTier",
                                            "No registered cluster can host dedicated tenants (none has Kamaji installed): "
                                                    + "choose shared")
                                    .containsEntry(
                                            "kubernetesVersion",
                                            "Virtual clusters here run v1.37.x or v1.38.x, not v1.99.0"));
            assertThat(tenants.findForInternalUse("setup-dedicated")).isEmpty();
            assertThat(tenants.virtualClusterHosts()).isEmpty();
        });
    }

    private static TenantDraft shared(String slug) {
        return new TenantDraft(slug, slug, null, IsolationTier.SHARED, List.of());
    }
}
