package dev.gpuportal.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.security.PortalUser;
import dev.gpuportal.tenancy.TenantRole;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteRulesTest {

    static PortalUser user(String name) {
        return new PortalUser(name, name, null, Set.of(), false);
    }

    @Test
    void aNotebookOpensForItsOwnerAndTheTenantsAdminsOnly() {
        assertThat(RouteRules.mayOpen(RouteKind.NOTEBOOKS, "nina", user("nina"), TenantRole.MEMBER))
                .isTrue();
        assertThat(RouteRules.mayOpen(RouteKind.NOTEBOOKS, "nina", user("tom"), TenantRole.TENANT_ADMIN))
                .isTrue();
        assertThat(RouteRules.mayOpen(RouteKind.NOTEBOOKS, "nina", user("omar"), TenantRole.MEMBER))
                .isFalse();
        assertThat(RouteRules.mayOpen(RouteKind.NOTEBOOKS, "nina", user("vic"), TenantRole.VIEWER))
                .isFalse();
    }

    @Test
    void anOwnerWhoIsNoLongerAMemberNoLongerGetsIn() {
        assertThat(RouteRules.mayOpen(RouteKind.NOTEBOOKS, "nina", user("nina"), null))
                .isFalse();
        assertThat(RouteRules.mayOpen(RouteKind.NOTEBOOKS, "nina", user("nina"), TenantRole.VIEWER))
                .isFalse();
    }

    @Test
    void anEndpointOpensForEveryMemberViewersIncludedAndForNobodyOutside() {
        for (TenantRole role : TenantRole.values()) {
            assertThat(RouteRules.mayOpen(RouteKind.ENDPOINTS, "nina", user("x"), role))
                    .isTrue();
        }
        assertThat(RouteRules.mayOpen(RouteKind.ENDPOINTS, "nina", user("ravi"), null))
                .isFalse();
    }

    @Test
    void platformAdminsPassAsTheyMayAlreadyStopAndDeleteEveryWorkload() {
        PortalUser admin = new PortalUser("admin", "Admin", null, Set.of(), true);
        assertThat(RouteRules.mayOpen(RouteKind.NOTEBOOKS, "nina", admin, null)).isTrue();
    }
}
