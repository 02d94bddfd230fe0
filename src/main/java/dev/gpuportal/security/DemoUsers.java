package dev.gpuportal.security;

import java.util.List;
import java.util.Set;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The people of the embedded demo: one platform admin and data scientists in demo tenants. Only ever active when
 * no identity provider is configured (see {@link DemoLoginCondition}); every password is {@value #PASSWORD}.
 */
public final class DemoUsers implements UserDetailsService {

    public static final String PASSWORD = "demo";

    public static final List<DemoAccount> ACCOUNTS = List.of(
            new DemoAccount(
                    "admin", "Alex Admin", Set.of(), true, "Platform admin: tenants, quotas, GPU catalog, audit"),
            new DemoAccount("nina", "Nina Novak", Set.of("nlp-team"), false, "Data scientist in tenant nlp"),
            new DemoAccount("ravi", "Ravi Rao", Set.of("recsys-team"), false, "Data scientist in tenant recsys"),
            new DemoAccount(
                    "vera",
                    "Vera Vogel",
                    Set.of("vision-team"),
                    false,
                    "Data scientist in group vision-team: no tenant until an admin maps the group"));

    /** A demo person: username, name, IdP-style groups, whether they administer the platform. */
    public record DemoAccount(
            String username, String displayName, Set<String> groups, boolean platformAdmin, String description) {

        public String email() {
            return username + "@demo.gpu-portal.local";
        }
    }

    /** The signed-in principal of the demo login; carries the name shown in the user menu. */
    public static final class DemoUser extends User {

        private final String displayName;
        private final String email;

        DemoUser(DemoAccount account) {
            super(account.username(), "{noop}" + PASSWORD, Authorities.of(account.groups(), account.platformAdmin()));
            this.displayName = account.displayName();
            this.email = account.email();
        }

        public String displayName() {
            return displayName;
        }

        public String email() {
            return email;
        }
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return ACCOUNTS.stream()
                .filter(a -> a.username().equals(username))
                .findFirst()
                .map(DemoUser::new)
                .orElseThrow(() -> new UsernameNotFoundException("No demo user " + username));
    }
}
