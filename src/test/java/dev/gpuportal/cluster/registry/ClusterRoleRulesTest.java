package dev.gpuportal.cluster.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.testsupport.kubernetes.SimulatedCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart's ClusterRole covers every kind the portal owns: a kind added to {@link ManagedKinds} without a rule
 * fails here at once (the integration tests, running the portal with that role, fail on the API server's refusal).
 */
class ClusterRoleRulesTest {

    static final List<PolicyRule> RULES = SimulatedCluster.chartRules("clusterrole-rules.yaml");

    @Test
    void everyManagedKindMayBeWatchedAppliedAndDeleted() {
        for (ManagedKinds.Kind kind : ManagedKinds.ALL) {
            Set<String> needed = isClusterWideAccess(kind.type())
                    ? Set.of("list", "watch") // written only inside a dedicated tenant's own cluster
                    : Set.of("get", "list", "watch", "create", "patch", "delete");
            for (String verb : needed) {
                assertThat(allows(HasMetadata.getGroup(kind.type()), HasMetadata.getPlural(kind.type()), verb))
                        .as("%s %s", verb, kind.name())
                        .isTrue();
            }
        }
    }

    @Test
    void nothingIsGrantedForAllResourcesOrVerbs() {
        assertThat(RULES)
                .allSatisfy(rule -> assertThat(rule.getResources()).doesNotContain("*"))
                .allSatisfy(rule -> assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "impersonate"))
                .allSatisfy(rule -> assertThat(rule.getApiGroups()).doesNotContain("*"));
    }

    private static boolean isClusterWideAccess(Class<? extends HasMetadata> type) {
        return type == ClusterRole.class || type == ClusterRoleBinding.class;
    }

    private static boolean allows(String group, String resource, String verb) {
        return RULES.stream()
                .anyMatch(rule -> rule.getApiGroups().contains(group)
                        && rule.getResources().contains(resource)
                        && rule.getVerbs().contains(verb)
                        && (rule.getResourceNames() == null
                                || rule.getResourceNames().isEmpty()));
    }
}
