package dev.gpuportal.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.security.PortalUser;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MembershipResolverTest {

    final PortalUser nina = new PortalUser("nina", "Nina", null, Set.of("nlp-team", "readers"), false);

    @Test
    void userAndGroupRulesApplyAndTheHighestRoleWins() {
        List<MembershipView> rules = List.of(
                new MembershipView(1L, "nlp", SubjectType.GROUP, "nlp-team", TenantRole.MEMBER),
                new MembershipView(2L, "nlp", SubjectType.USER, "nina", TenantRole.TENANT_ADMIN),
                new MembershipView(3L, "vision", SubjectType.GROUP, "readers", TenantRole.VIEWER),
                new MembershipView(4L, "recsys", SubjectType.GROUP, "recsys-team", TenantRole.MEMBER),
                new MembershipView(5L, "speech", SubjectType.USER, "nina2", TenantRole.MEMBER));
        assertThat(MembershipResolver.effectiveRoles(nina, rules))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("nlp", TenantRole.TENANT_ADMIN, "vision", TenantRole.VIEWER));
    }
}
