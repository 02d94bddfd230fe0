package dev.gpuportal.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Slows down password guessing on the demo login and the demo token endpoint: after {@link #PER_USER} failures for
 * one name from one address, or {@link #PER_ADDRESS} from one address, within {@link #WINDOW}, further tries are
 * refused until the window has passed. Counts live in a size-bounded Caffeine cache, so a flood of made-up names
 * cannot grow memory.
 */
public final class LoginThrottle {

    static final int PER_USER = 5;
    static final int PER_ADDRESS = 20;
    static final Duration WINDOW = Duration.ofMinutes(5);

    private record Failures(int count, Instant since) {}

    private final Clock clock;
    private final Cache<String, Failures> failures =
            Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(WINDOW).build();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long to wait before trying again, or empty when a try is allowed now. */
    public Optional<Duration> retryAfter(String username, String address) {
        Optional<Duration> user = blocked(userKey(username, address), PER_USER);
        return user.isPresent() ? user : blocked(addressKey(address), PER_ADDRESS);
    }

    public void failed(String username, String address) {
        count(userKey(username, address));
        count(addressKey(address));
    }

    public void succeeded(String username, String address) {
        failures.invalidate(userKey(username, address));
    }

    @EventListener
    void onFailure(AbstractAuthenticationFailureEvent event) {
        if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken attempt) {
            failed(attempt.getName(), addressOf(attempt));
        }
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken signedIn) {
            succeeded(signedIn.getName(), addressOf(signedIn));
        }
    }

    private static String addressOf(UsernamePasswordAuthenticationToken token) {
        return token.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : "";
    }

    private Optional<Duration> blocked(String key, int limit) {
        Failures f = failures.getIfPresent(key);
        Instant now = clock.instant();
        if (f == null || f.count() < limit || !f.since().plus(WINDOW).isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, f.since().plus(WINDOW)));
    }

    private void count(String key) {
        Instant now = clock.instant();
        failures.asMap()
                .compute(
                        key,
                        (k, f) -> f == null || !f.since().plus(WINDOW).isAfter(now)
                                ? new Failures(1, now)
                                : new Failures(f.count() + 1, f.since()));
    }

    private static String userKey(String username, String address) {
        return "user:" + (username == null ? "" : username) + "@" + address;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
