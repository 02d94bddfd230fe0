package dev.gpuportal.access;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

/**
 * Calls on an endpoint's route that bring a bearer key are the programs' calls: no session is read or made for them
 * (a key never acts as the browser's user, nor the other way round), and {@link EndpointKeys} decides each one.
 */
@Configuration
class EndpointKeySecurity {

    @Bean
    @Order(2)
    SecurityFilterChain endpointKeyCalls(HttpSecurity http) throws Exception {
        http.securityMatcher(EndpointKeySecurity::isKeyCall)
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    /** A call with a bearer key, or with something like a key in its URL (refused, but counted and audited). */
    static boolean isKeyCall(HttpServletRequest request) {
        return (bearer(request) != null || EndpointKeySecrets.inQuery(request.getQueryString()))
                && RoutePaths.parse(
                                request.getRequestURI()
                                        .substring(request.getContextPath().length()),
                                null)
                        .filter(route -> route.kind() == RouteKind.ENDPOINTS)
                        .isPresent();
    }

    /** The bearer token of a request, or null. */
    static String bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip()
                : null;
    }
}
