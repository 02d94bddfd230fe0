package dev.gpuportal.api;

import dev.gpuportal.security.DemoLoginCondition;
import dev.gpuportal.security.DemoTokens;
import dev.gpuportal.security.LoginThrottle;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
    private final LoginThrottle throttle;

    DemoTokenApi(DemoTokens tokens, LoginThrottle throttle) {
        this.tokens = tokens;
        this.throttle = throttle;
    }

    /** After too many wrong passwords for a name from one address: 429 with Retry-After, whatever is sent. */
    @PostMapping(value = "/api/v1/demo-tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> token(@RequestBody Requests.Credentials credentials, HttpServletRequest request) {
        // both are required, as the API document says: a body without them is a 400, not a failed sign-in
        var missing = new dev.gpuportal.base.FieldErrors();
        if (credentials.username() == null || credentials.username().isBlank()) {
            missing.add("username", "Required");
        }
        if (credentials.password() == null || credentials.password().isEmpty()) {
            missing.add("password", "Required");
        }
        missing.throwIfAny();
        String address = request.getRemoteAddr();
        var wait = throttle.retryAfter(credentials.username(), address);
        if (wait.isPresent()) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())))
                    .body(ApiErrors.problem(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "too-many-attempts",
                            "Too many failed attempts: try again after the time in Retry-After"));
        }
        var token = tokens.issue(credentials.username(), credentials.password());
        if (token.isEmpty()) {
            throttle.failed(credentials.username(), address);
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .body(ApiErrors.problem(
                            HttpStatus.UNAUTHORIZED, "unauthenticated", "Unknown demo user or wrong password"));
        }
        throttle.succeeded(credentials.username(), address);
        return ResponseEntity.ok(
                Map.of("access_token", token.get(), "token_type", "Bearer", "expires_in", tokens.lifetimeSeconds()));
    }
}
