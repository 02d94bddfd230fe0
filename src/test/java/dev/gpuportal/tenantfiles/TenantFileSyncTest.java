package dev.gpuportal.tenantfiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.MembershipView;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Tenant files: applied whole when valid; reported with file and line, and not applied at all, when not. */
@SpringBootTest
class TenantFileSyncTest {

    static final String GOOD = """
            slug: files-ok
            displayName: From a file
            allowedRegions: [eu-central]
            members:
              - group: files-team
                role: member
              - user: files-lead
                role: tenant-admin
            quota:
              gpus: "2.5"
              cpu: "16"
              memory: 64Gi
              storage: 500Gi
              maxWorkloads: 5
              caps:
                mig-1g.10gb: 4
            """;

    @Autowired
    TenantFileSync sync;

    @Autowired
    TenantService tenants;

    @Autowired
    MembershipService memberships;

    @Autowired
    QuotaService quotas;

    @Test
    void limitsAFileLeavesOutComeFromTheQuotaDefaults() {
        String gpusOnly = """
                slug: files-defaults
                displayName: Only GPUs in its file
                quota:
                  gpus: "2"
                """;
        assertThat(sync.apply(Path.of("tenants/files-defaults.yaml"), gpusOnly)).isEmpty();
        AsPlatformAdmin.run(() -> {
            var limits = quotas.quotaOf("files-defaults").limits();
            assertThat(limits.gpus().toFractionString()).isEqualTo("2");
            assertThat(limits.cpuMillis()).isEqualTo(16_000);
            assertThat(limits.maxWorkloads()).isEqualTo(10);
            assertThat(limits.storageBytes()).isPositive();
        });
    }

    @Test
    void aValidFileCreatesTheTenantItsMembersAndQuota() {
        assertThat(sync.apply(Path.of("tenants/files-ok.yaml"), GOOD)).isEmpty();
        AsPlatformAdmin.run(() -> {
            assertThat(tenants.get("files-ok").isManagedByFile()).isTrue();
            assertThat(memberships.members("files-ok"))
                    .extracting(MembershipView::subject, MembershipView::role)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("files-team", TenantRole.MEMBER),
                            org.assertj.core.groups.Tuple.tuple("files-lead", TenantRole.TENANT_ADMIN));
            assertThat(quotas.quotaOf("files-ok").limits().gpus().toFractionString())
                    .isEqualTo("5/2");
            assertThat(quotas.quotaOf("files-ok").describeCaps()).isEqualTo("4 × 1g.10gb");
        });
        // applying the same file again changes nothing; removing a member from the file removes the membership
        assertThat(sync.apply(Path.of("tenants/files-ok.yaml"), GOOD)).isEmpty();
        String fewer = GOOD.replace("  - user: files-lead\n    role: tenant-admin\n", "");
        assertThat(sync.apply(Path.of("tenants/files-ok.yaml"), fewer)).isEmpty();
        AsPlatformAdmin.run(() -> assertThat(memberships.members("files-ok")).hasSize(1));
    }

    @Test
    void reapplyingAnUnchangedFileKeepsTheTenantsVersion() throws Exception {
        String file = GOOD.replace("files-ok", "files-same");
        assertThat(sync.apply(Path.of("tenants/files-same.yaml"), file)).isEmpty();
        long version = AsPlatformAdmin.call(() -> tenants.get("files-same").getVersion());
        Thread.sleep(5); // a later clock reading, as the minute-by-minute re-apply has
        assertThat(sync.apply(Path.of("tenants/files-same.yaml"), file)).isEmpty();
        assertThat(AsPlatformAdmin.call(() -> tenants.get("files-same").getVersion()))
                .isEqualTo(version);
        assertThat(sync.apply(Path.of("tenants/files-same.yaml"), file.replace("From a file", "Renamed")))
                .isEmpty();
        assertThat(AsPlatformAdmin.call(() -> tenants.get("files-same").getVersion()))
                .isEqualTo(version + 1);
    }

    @Test
    void anInvalidFileIsReportedWithFileAndLineAndNothingOfItIsApplied() {
        String bad = GOOD.replace("files-ok", "files-bad").replace("memory: 64Gi", "memory: 12 gigs");
        List<TenantFileSync.FileProblem> problems = sync.apply(Path.of("tenants/files-bad.yaml"), bad);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("tenants/files-bad.yaml");
            assertThat(p.line()).isEqualTo(12);
            assertThat(p.message()).startsWith("quota.memory: '12 gigs' is not a size");
        });
        assertThat(tenants.findForInternalUse("files-bad")).isEmpty();
        assertThat(sync.problems()).contains(problems.getFirst());
    }

    @Test
    void yamlErrorsAndUnknownFieldsPointAtTheirLine() {
        assertThat(sync.apply(Path.of("tenants/typo.yaml"), "slug: typo\ndisplayname: Typo\n"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.line()).isEqualTo(2);
                    assertThat(p.message()).startsWith("Unknown field 'displayname'");
                });
        assertThat(sync.apply(Path.of("tenants/broken.yaml"), "slug: broken\nmembers: [\n"))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("Not valid YAML"));
        assertThat(tenants.findForInternalUse("typo")).isEmpty();
    }

    @Test
    void aFileMayAskForTheDedicatedTierAndItsSettingsAreCheckedAtTheirLine() {
        String dedicated = GOOD.replace("files-ok", "files-dedicated")
                .replace("allowedRegions: [eu-central]\n", "isolationTier: dedicated\nkubernetesVersion: v1.37\n");
        assertThat(sync.apply(Path.of("tenants/files-dedicated.yaml"), dedicated))
                .anySatisfy(p -> {
                    assertThat(p.line()).isEqualTo(4);
                    assertThat(p.message())
                            .isEqualTo("kubernetesVersion: 'v1.37' is not a Kubernetes release: use e.g. v1.37.2");
                });
        String oddTier = GOOD.replace("files-ok", "files-tier")
                .replace("allowedRegions: [eu-central]\n", "isolationTier: hybrid\n");
        assertThat(sync.apply(Path.of("tenants/files-tier.yaml"), oddTier))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.line()).isEqualTo(3);
                    assertThat(p.message()).isEqualTo("isolationTier: shared or dedicated, not 'hybrid'");
                });
        // well-formed, but no registered cluster here (the demo's) serves virtual clusters
        String wellFormed = dedicated.replace("kubernetesVersion: v1.37\n", "kubernetesVersion: v1.37.2\n");
        assertThat(sync.apply(Path.of("tenants/files-dedicated.yaml"), wellFormed))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.line()).isEqualTo(3);
                    assertThat(p.message()).startsWith("isolationTier: No registered cluster can host dedicated");
                });
        assertThat(tenants.findForInternalUse("files-dedicated")).isEmpty();
    }
}
