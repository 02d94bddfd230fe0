package dev.gpuportal.api;

import dev.gpuportal.security.OidcClaimsMapper;
import dev.gpuportal.security.OidcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The API's own filter chain, ahead of the UI's: stateless, bearer tokens from the identity provider only. A call
 * with just a session cookie is unauthenticated here, so a browser session can never be used against the API.
 */
@Configuration
class ApiSecurityConfig {

    @Bean
    @Order(1)
    SecurityFilterChain apiFilterChain(
            HttpSecurity http,
            OidcProperties oidc,
            tools.jackson.databind.json.JsonMapper json,
            org.springframework.beans.factory.ObjectProvider<dev.gpuportal.security.DemoTokens> demoTokens)
            throws Exception {
        org.springframework.security.web.AuthenticationEntryPoint unauthenticated = (request, response, ex) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            ServletProblems.write(
                    json,
                    request,
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "unauthenticated",
                    "Send a valid bearer token from the identity provider (Authorization: Bearer …)");
        };
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth.requestMatchers("/api/v1/openapi.yaml", "/api/v1/demo-tokens")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.requireExplicitSave(true))
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> ServletProblems.write(
                                json,
                                request,
                                response,
                                HttpStatus.UNAUTHORIZED,
                                "unauthenticated",
                                "Send a bearer token from the identity provider (Authorization: Bearer …)"))
                        .accessDeniedHandler((request, response, ex) -> ServletProblems.write(
                                json, request, response, HttpStatus.FORBIDDEN, "forbidden", ex.getMessage())));
        if (oidc.enabled()) {
            http.addFilterBefore(
                    new IdentityProviderOutageFilter((request, response, status, type, detail) ->
                            ServletProblems.write(json, request, response, status, type, detail)),
                    BearerTokenAuthenticationFilter.class);
            http.oauth2ResourceServer(rs -> rs.authenticationEntryPoint(unauthenticated)
                    .jwt(jwt -> jwt.decoder(jwtDecoder(oidc))
                            .jwtAuthenticationConverter(token -> authentication(token, oidc.adminRole()))));
        } else {
            // The embedded demo has no identity provider: the portal signs tokens for its demo people itself.
            dev.gpuportal.security.DemoTokens tokens = demoTokens.getObject();
            NimbusJwtDecoder decoder =
                    NimbusJwtDecoder.withPublicKey(tokens.publicKey()).build();
            decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(dev.gpuportal.security.DemoTokens.ISSUER));
            http.oauth2ResourceServer(rs -> rs.authenticationEntryPoint(unauthenticated)
                    .jwt(jwt -> jwt.decoder(decoder)
                            .jwtAuthenticationConverter(token -> authentication(token, "platform-admin"))));
        }
        return http.build();
    }

    /**
     * Requests the firewall refuses (an encoded ";" or "/" in a path, a non-printable header) are 400s: a problem
     * for the API, a plain 400 elsewhere, instead of an error page.
     */
    @Bean
    org.springframework.security.web.firewall.RequestRejectedHandler requestRejectedHandler(
            tools.jackson.databind.json.JsonMapper json) {
        return (request, response, rejected) -> {
            if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
                ServletProblems.write(
                        json,
                        request,
                        response,
                        HttpStatus.BAD_REQUEST,
                        "invalid-input",
                        "The request's address or headers are not allowed");
            } else {
                response.sendError(HttpStatus.BAD_REQUEST.value());
            }
        };
    }

    static AbstractAuthenticationToken authentication(Jwt token, String adminRole) {
        return new JwtAuthenticationToken(
                token,
                OidcClaimsMapper.authorities(token.getClaims(), adminRole),
                token.getClaimAsString("preferred_username"));
    }

    private static JwtDecoder jwtDecoder(OidcProperties oidc) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(oidc.issuerUri() + "/protocol/openid-connect/certs")
                .build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(oidc.issuerUri()));
        return decoder;
    }
}
