package dev.gpuportal.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;

/**
 * Reads Keycloak's ID-token and access-token claims: {@code groups} (a list of group names; Keycloak leaves the
 * claim out for a user in no group) and the realm roles in {@code realm_access.roles}.
 */
public final class OidcClaimsMapper {

    static final String GROUPS_CLAIM = "groups";

    private OidcClaimsMapper() {}

    public static List<GrantedAuthority> authorities(Map<String, Object> claims, String adminRole) {
        return Authorities.of(groups(claims), realmRoles(claims).contains(adminRole));
    }

    static Set<String> groups(Map<String, Object> claims) {
        Set<String> groups = new LinkedHashSet<>();
        if (claims.get(GROUPS_CLAIM) instanceof Collection<?> values) {
            for (Object value : values) {
                String group = normalise(String.valueOf(value));
                if (!group.isEmpty()) {
                    groups.add(group);
                }
            }
        }
        return groups;
    }

    static Set<String> realmRoles(Map<String, Object> claims) {
        Set<String> roles = new LinkedHashSet<>();
        if (claims.get("realm_access") instanceof Map<?, ?> realmAccess
                && realmAccess.get("roles") instanceof Collection<?> values) {
            values.forEach(v -> roles.add(String.valueOf(v)));
        }
        return roles;
    }

    /** Keycloak sends "/vision-team" when full group paths are on; membership rules use the plain name. */
    static String normalise(String group) {
        String g = group.strip();
        int slash = g.lastIndexOf('/');
        return slash >= 0 ? g.substring(slash + 1) : g;
    }
}
