package dev.gpuportal.api;

import dev.gpuportal.security.DemoLoginCondition;
import dev.gpuportal.security.DemoTokens;
import java.util.Map;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tokens for the demo people, only on the embedded default (no identity provider):
 * {@code POST /api/v1/demo-tokens {"username":"nina","password":"demo"}}.
 */
@RestController
@Conditional(DemoLoginCondition.class)
class DemoTokenApi {

    private final DemoTokens tokens;

    DemoTokenApi(DemoTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping(value = "/api/v1/demo-tokens", consumes = org.springframework.http.MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> token(@RequestBody Requests.Credentials credentials) {
        return tokens.issue(credentials.username(), credentials.password())
                .<ResponseEntity<?>>map(token -> ResponseEntity.ok(
                        Map.of("access_token", token, "token_type", "Bearer", "expires_in", tokens.lifetimeSeconds())))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                        .body(ApiErrors.problem(
                                HttpStatus.UNAUTHORIZED, "unauthenticated", "Unknown demo user or wrong password")));
    }
}
