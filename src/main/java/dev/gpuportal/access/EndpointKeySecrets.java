package dev.gpuportal.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The form of endpoint keys: {@code gpk_<public id>_<secret>}, the public id (12 characters) finding the key's row,
 * the secret 256 random bits. Only SHA-256 of the secret is stored: with that much entropy a slow hash adds
 * nothing, and the comparison takes the same time however much of it matches. Pure apart from the random source.
 */
final class EndpointKeySecrets {

    static final String PREFIX = "gpk_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORM = Pattern.compile("gpk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})");
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private EndpointKeySecrets() {}

    record Parsed(String publicId, String secret) {}

    record NewKey(String publicId, String secret, String secretHash) {
        String token() {
            return PREFIX + publicId + "_" + secret;
        }
    }

    static NewKey generate() {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            id.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new NewKey(id.toString(), encoded, hash(encoded));
    }

    static Optional<Parsed> parse(String token) {
        if (token == null) {
            return Optional.empty();
        }
        var m = FORM.matcher(token.strip());
        return m.matches() ? Optional.of(new Parsed(m.group(1), m.group(2))) : Optional.empty();
    }

    static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Whether a secret matches a stored hash, in time independent of where they differ. */
    static boolean matches(String secret, String storedHash) {
        return MessageDigest.isEqual(
                hash(secret).getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether a query string carries something that looks like a key: keys in URLs end up in logs, so never. */
    static boolean inQuery(String rawQuery) {
        return rawQuery != null && rawQuery.contains(PREFIX);
    }
}
