package dev.gpuportal.security;

import static com.vaadin.flow.spring.security.VaadinSecurityConfigurer.vaadin;

import com.vaadin.flow.spring.security.RequestUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/** One filter chain for the UI: OIDC login when an issuer is configured, the labelled demo login otherwise. */
@Configuration
@EnableWebSecurity
class SecurityConfig {

    static final String REGISTRATION_ID = "keycloak";

    @Bean
    SecurityFilterChain portalFilterChain(
            HttpSecurity http,
            OidcProperties oidc,
            Environment env,
            org.springframework.beans.factory.ObjectProvider<ClientRegistrationRepository> clients,
            org.springframework.beans.factory.ObjectProvider<RequestUtil> vaadinRequests,
            org.springframework.beans.factory.ObjectProvider<LoginThrottle> throttle)
            throws Exception {
        // Pages behind login are never cached. Written up front, because Vaadin writes its pages from a forward that
        // commits the response before the usual header filter's hook runs; routes to workloads (/t/) keep the
        // workload's own headers.
        RequestMatcher pages = request -> !request.getRequestURI().startsWith(request.getContextPath() + "/t/");
        HeaderWriterFilter pageHeaders = new HeaderWriterFilter(List.of(
                new DelegatingRequestMatcherHeaderWriter(
                        pages, new ContentSecurityPolicyHeaderWriter(contentSecurityPolicy(oidc))),
                new DelegatingRequestMatcherHeaderWriter(pages, new XContentTypeOptionsHeaderWriter()),
                new DelegatingRequestMatcherHeaderWriter(
                        pages, new ReferrerPolicyHeaderWriter(ReferrerPolicy.SAME_ORIGIN)),
                new DelegatingRequestMatcherHeaderWriter(pages, new CacheControlHeadersWriter()),
                new DelegatingRequestMatcherHeaderWriter(
                        pages, new XFrameOptionsHeaderWriter(XFrameOptionsHeaderWriter.XFrameOptionsMode.DENY))));
        pageHeaders.setShouldWriteHeadersEagerly(true);
        http.addFilterAfter(pageHeaders, HeaderWriterFilter.class);
        http.authorizeHttpRequests(auth -> auth.requestMatchers("/actuator/health", "/actuator/health/**")
                .permitAll()
                .requestMatchers(metricsOnManagementPort(env))
                .permitAll()
                .requestMatchers("/actuator/**")
                .hasRole(Authorities.ADMIN_ROLE)
                .requestMatchers("/t/**")
                .authenticated()); // who may open which workload is decided per request by its route
        // Routes to workloads check the Origin of browser writes themselves (dev.gpuportal.access.RouteOrigins):
        // Jupyter's pages post without the portal's CSRF token.
        http.csrf(csrf -> csrf.ignoringRequestMatchers("/t/**"));
        // Programs (no HTML wanted) calling a route without a session get 401, not the login page.
        http.exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), SecurityConfig::isProgramOnARoute));
        // Both branches let signed-in people through to paths that are no route: Vaadin denies those by default,
        // a bare 403 for a mistyped address, where the portal shows its own "Page not found" inside its frame.
        if (oidc.enabled()) {
            // The portal's own /login page sends people on to Keycloak, or says clearly that it is unreachable.
            http.oauth2Login(login -> login.loginPage("/login")
                    .failureUrl("/login?error")
                    .userInfoEndpoint(info -> info.oidcUserService(oidcUserService(oidc))));
            // Signing out also ends the Keycloak session (RP-initiated logout), then returns to the start page.
            OidcClientInitiatedLogoutSuccessHandler logout =
                    new OidcClientInitiatedLogoutSuccessHandler(clients.getObject());
            logout.setPostLogoutRedirectUri("{baseUrl}");
            http.with(
                    vaadin(),
                    vaadin -> vaadin.loginView("/login")
                            .logoutSuccessHandler(logout)
                            .anyRequest(rule -> rule.authenticated()));
        } else {
            if (!DemoLoginCondition.isDemo(env)) {
                throw new IllegalStateException("No identity provider configured: set gpu-portal.oidc.issuer-uri "
                        + "(the demo login is never enabled with the postgres or prod profile)");
            }
            // Vaadin's defaults leave the login POST out of CSRF checks; the portal checks it (the login form sends
            // the token from the page's meta tags) and keeps only Vaadin's own requests, which carry Vaadin's token.
            http.with(
                    vaadin(),
                    vaadin -> vaadin.loginView("/login")
                            .enableCsrfConfiguration(false)
                            .anyRequest(rule -> rule.authenticated()));
            http.csrf(csrf -> csrf.ignoringRequestMatchers(
                    request -> vaadinRequests.getObject().isFrameworkInternalRequest(request)));
            http.addFilterBefore(
                    new LoginThrottleFilter(throttle.getObject()), UsernamePasswordAuthenticationFilter.class);
        }
        return http.build();
    }

    /**
     * Vaadin's client needs inline styles and scripts and evaluates code it is sent (executeJs); everything else comes
     * from the portal itself. Signing out ends the session first, so the Vaadin request that asked for it follows the
     * redirect to the identity provider's logout endpoint: the issuer is a place pages may connect to, not only post
     * to (without it the browser stays signed in at the identity provider and Back signs the user in again).
     */
    static String contentSecurityPolicy(OidcProperties oidc) {
        String selfAndIssuer = oidc.enabled() ? "'self' " + origin(oidc.issuerUri()) : "'self'";
        return "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data: blob:; font-src 'self' data:; connect-src " + selfAndIssuer + " ws: wss:; "
                + "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action " + selfAndIssuer;
    }

    private static String origin(String issuer) {
        java.net.URI uri = java.net.URI.create(issuer);
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    /**
     * Prometheus scrapes without a login only on a management port of its own ({@code management.server.port}),
     * which a deployment keeps inside the cluster (the Helm chart routes no Ingress or HTTPRoute to it); on the
     * application's port the metrics stay for platform admins.
     */
    static RequestMatcher metricsOnManagementPort(Environment env) {
        return request -> {
            Integer management = env.getProperty("local.management.port", Integer.class);
            return management != null
                    && !management.equals(env.getProperty("local.server.port", Integer.class))
                    && request.getLocalPort() == management
                    && (request.getContextPath() + "/actuator/prometheus").equals(request.getRequestURI());
        };
    }

    private static boolean isProgramOnARoute(jakarta.servlet.http.HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return request.getRequestURI().startsWith(request.getContextPath() + "/t/")
                && (accept == null || !accept.contains("text/html"));
    }

    @Bean
    @Conditional(DemoLoginCondition.class)
    DemoUsers demoUsers() {
        return new DemoUsers();
    }

    @Bean
    @Conditional(DemoLoginCondition.class)
    LoginThrottle loginThrottle(java.time.Clock clock) {
        return new LoginThrottle(clock);
    }

    @Bean
    @Conditional(DemoLoginCondition.class)
    DemoTokens demoTokens(java.time.Clock clock) {
        return new DemoTokens(clock);
    }

    @Bean
    @Conditional(OidcEnabledCondition.class)
    ClientRegistrationRepository clientRegistrationRepository(OidcProperties oidc) {
        ClientRegistration keycloak = ClientRegistration.withRegistrationId(REGISTRATION_ID)
                .clientId(oidc.clientId())
                .clientSecret(oidc.clientSecret())
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid", "profile", "email")
                .authorizationUri(oidc.endpoint("auth"))
                .tokenUri(oidc.endpoint("token"))
                .jwkSetUri(oidc.endpoint("certs"))
                .userInfoUri(oidc.endpoint("userinfo"))
                .userNameAttributeName("preferred_username")
                .issuerUri(oidc.issuerUri())
                .providerConfigurationMetadata(Map.of("end_session_endpoint", oidc.endpoint("logout")))
                .clientName("Keycloak")
                .build();
        return new InMemoryClientRegistrationRepository(keycloak);
    }

    /** Adds the portal's authorities (admin role, groups) to the OIDC user from the token's claims. */
    private static OAuth2UserService<OidcUserRequest, OidcUser> oidcUserService(OidcProperties oidc) {
        OidcUserService delegate = new OidcUserService();
        return request -> {
            OidcUser user = delegate.loadUser(request);
            List<GrantedAuthority> authorities = new ArrayList<>(user.getAuthorities());
            authorities.addAll(OidcClaimsMapper.authorities(user.getClaims(), oidc.adminRole()));
            return new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo(), "preferred_username");
        };
    }
}
