package dev.gpuportal.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The two kinds of authority the portal reads: {@code ROLE_ADMIN} for platform admins and {@code GROUP_<name>} for
 * each identity-provider group. Both login paths (OIDC and the demo login) produce them, so the rest of the portal
 * never cares how someone logged in.
 */
public final class Authorities {

    public static final String ADMIN_ROLE = "ADMIN";
    public static final String ADMIN = "ROLE_" + ADMIN_ROLE;
    public static final String USER = "ROLE_USER";
    static final String GROUP_PREFIX = "GROUP_";

    private Authorities() {}

    public static List<GrantedAuthority> of(Collection<String> groups, boolean platformAdmin) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority(USER));
        if (platformAdmin) {
            authorities.add(new SimpleGrantedAuthority(ADMIN));
        }
        new TreeSet<>(groups).forEach(g -> authorities.add(new SimpleGrantedAuthority(GROUP_PREFIX + g)));
        return authorities;
    }

    static Set<String> groups(Collection<? extends GrantedAuthority> authorities) {
        Set<String> groups = new TreeSet<>();
        for (GrantedAuthority a : authorities) {
            String name = a.getAuthority();
            if (name != null && name.startsWith(GROUP_PREFIX)) {
                groups.add(name.substring(GROUP_PREFIX.length()));
            }
        }
        return groups;
    }

    static boolean isAdmin(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream().anyMatch(a -> ADMIN.equals(a.getAuthority()));
    }
}
