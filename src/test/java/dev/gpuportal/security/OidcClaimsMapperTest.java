package dev.gpuportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;

class OidcClaimsMapperTest {

    static List<String> names(List<GrantedAuthority> authorities) {
        return authorities.stream().map(GrantedAuthority::getAuthority).toList();
    }

    @Test
    void groupsAndTheAdminRealmRoleBecomeAuthorities() {
        Map<String, Object> claims = Map.of(
                "groups", List.of("vision-team", "/nlp-team"),
                "realm_access", Map.of("roles", List.of("offline_access", "platform-admin")));
        assertThat(names(OidcClaimsMapper.authorities(claims, "platform-admin")))
                .containsExactlyInAnyOrder("ROLE_USER", "ROLE_ADMIN", "GROUP_vision-team", "GROUP_nlp-team");
    }

    @Test
    void aUserInNoGroupGetsNoGroupClaimAndNoGroups() {
        assertThat(names(OidcClaimsMapper.authorities(Map.of("sub", "123"), "platform-admin")))
                .containsExactly("ROLE_USER");
    }

    @Test
    void otherRolesDoNotOpenTheConsole() {
        Map<String, Object> claims = Map.of("realm_access", Map.of("roles", List.of("admin")));
        assertThat(names(OidcClaimsMapper.authorities(claims, "platform-admin")))
                .doesNotContain("ROLE_ADMIN");
    }
}
