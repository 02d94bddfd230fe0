package dev.gpuportal.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * API tokens for the demo people of the embedded default, which has no identity provider to issue them. Signed
 * with a key that lives only as long as the portal process; shaped like Keycloak's (groups, realm roles).
 */
public final class DemoTokens {

    public static final String ISSUER = "gpu-portal-demo";
    static final Duration LIFETIME = Duration.ofHours(1);

    private final KeyPair keys;
    private final Clock clock;

    public DemoTokens(Clock clock) {
        this.clock = clock;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public RSAPublicKey publicKey() {
        return (RSAPublicKey) keys.getPublic();
    }

    /** A signed token for a demo person, or empty when the name or password is wrong. */
    public Optional<String> issue(String username, String password) {
        if (!DemoUsers.PASSWORD.equals(password)) {
            return Optional.empty();
        }
        return DemoUsers.ACCOUNTS.stream()
                .filter(a -> a.username().equals(username))
                .findFirst()
                .map(this::sign);
    }

    public long lifetimeSeconds() {
        return LIFETIME.toSeconds();
    }

    private String sign(DemoUsers.DemoAccount account) {
        Date now = Date.from(clock.instant());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(account.username())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(now)
                .expirationTime(Date.from(clock.instant().plus(LIFETIME)))
                .claim("preferred_username", account.username())
                .claim("name", account.displayName())
                .claim("email", account.email())
                .claim("groups", List.copyOf(account.groups()))
                .claim("realm_access", Map.of("roles", account.platformAdmin() ? List.of("platform-admin") : List.of()))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner(keys.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
