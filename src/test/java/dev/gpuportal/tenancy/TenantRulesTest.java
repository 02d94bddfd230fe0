package dev.gpuportal.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuportal.base.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantRulesTest {

    @Test
    void virtualClustersAreUpgradedOneMinorReleaseAtATimeAndNeverDowngraded() {
        assertThat(TenantRules.upgradeProblem("v1.37.2", "v1.37.2")).isNull();
        assertThat(TenantRules.upgradeProblem("v1.37.2", "v1.37.5")).isNull();
        assertThat(TenantRules.upgradeProblem("v1.37.2", "v1.38.0")).isNull();
        assertThat(TenantRules.upgradeProblem("v1.37.2", "v1.39.0"))
                .isEqualTo("Upgrade one minor release at a time: from v1.37.2 to v1.38.x first");
        assertThat(TenantRules.upgradeProblem("v1.37.2", "v2.0.0")).startsWith("Upgrade one minor release");
        assertThat(TenantRules.upgradeProblem("v1.37.2", "v1.36.9"))
                .isEqualTo("Kubernetes cannot be downgraded: the virtual cluster runs v1.37.2");
    }

    @Test
    void dedicatedSettingsAreCheckedAtTheirFields() {
        var bad = new TenantDraft(
                "vision", "Vision", null, IsolationTier.DEDICATED, List.of(), "1.37", List.of("h100-mig", "H100!"));
        assertThatThrownBy(() -> TenantRules.validate(bad, true))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.fieldErrors())
                            .containsEntry("kubernetesVersion", "'1.37' is not a Kubernetes release: use e.g. v1.37.2");
                    assertThat(e.fieldErrors().get("nodePools")).contains("'H100!' is not a node pool name");
                });
    }

    @Test
    void aVirtualClusterAsksOnlyForVersionsItsHostSupports() {
        List<String> supported = List.of("v1.37", "v1.38");
        assertThat(TenantRules.versionProblem("v1.37.2", supported)).isNull();
        assertThat(TenantRules.versionProblem("v1.38.0", supported)).isNull();
        assertThat(TenantRules.versionProblem("v1.99.0", supported))
                .isEqualTo("Virtual clusters here run v1.37.x or v1.38.x, not v1.99.0");
        // a minor line is not a prefix of the next ones
        assertThat(TenantRules.versionProblem("v1.370.1", supported)).isNotNull();
        // exact releases, when the provider names them
        assertThat(TenantRules.versionProblem("v1.37.3", List.of("v1.37.2")))
                .isEqualTo("Virtual clusters here run v1.37.2, not v1.37.3");
        assertThat(TenantRules.versionProblem("v1.37.2", List.of("v1.37.2"))).isNull();
    }
}
