package dev.gpuportal.security;

import java.util.Optional;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/** Who is calling, for services that check rights on every call. */
@Component
public class CurrentUser {

    public Optional<PortalUser> get() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        return Optional.of(toPortalUser(auth));
    }

    public PortalUser require() {
        return get().orElseThrow(() -> new AuthenticationCredentialsNotFoundException("Not signed in"));
    }

    static PortalUser toPortalUser(Authentication auth) {
        String username = auth.getName();
        String displayName = username;
        String email = null;
        Object principal = auth.getPrincipal();
        if (principal instanceof OidcUser oidc) {
            username = firstNonBlank(oidc.getPreferredUsername(), oidc.getSubject());
            displayName = firstNonBlank(oidc.getFullName(), username);
            email = oidc.getEmail();
        } else if (principal instanceof Jwt jwt) {
            username = firstNonBlank(jwt.getClaimAsString("preferred_username"), jwt.getSubject());
            displayName = firstNonBlank(jwt.getClaimAsString("name"), username);
            email = jwt.getClaimAsString("email");
        } else if (principal instanceof DemoUsers.DemoUser demo) {
            displayName = demo.displayName();
            email = demo.email();
        }
        return new PortalUser(
                username,
                displayName,
                email,
                Authorities.groups(auth.getAuthorities()),
                Authorities.isAdmin(auth.getAuthorities()));
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
