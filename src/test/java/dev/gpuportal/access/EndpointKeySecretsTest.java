package dev.gpuportal.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointKeySecretsTest {

    @Test
    void aNewKeyParsesBackToItsPartsAndOnlyItsSecretMatchesTheStoredHash() {
        EndpointKeySecrets.NewKey key = EndpointKeySecrets.generate();
        assertThat(key.token()).startsWith("gpk_").hasSize(4 + 12 + 1 + 43);
        EndpointKeySecrets.Parsed parsed = EndpointKeySecrets.parse(key.token()).orElseThrow();
        assertThat(parsed.publicId()).isEqualTo(key.publicId());
        assertThat(EndpointKeySecrets.matches(parsed.secret(), key.secretHash()))
                .isTrue();
        String other = EndpointKeySecrets.generate().secret();
        assertThat(EndpointKeySecrets.matches(other, key.secretHash())).isFalse();
    }

    @Test
    void onlyTheSha256OfTheSecretIsStoredNeverTheSecret() {
        EndpointKeySecrets.NewKey key = EndpointKeySecrets.generate();
        assertThat(key.secretHash()).hasSize(64).matches("[0-9a-f]{64}").doesNotContain(key.secret());
        assertThat(EndpointKeySecrets.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void keysDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.add(EndpointKeySecrets.generate().token())).isTrue();
        }
    }

    @Test
    void malformedKeysAreNotKeys() {
        assertThat(EndpointKeySecrets.parse(null)).isEmpty();
        assertThat(EndpointKeySecrets.parse("gpk_short_x")).isEmpty();
        assertThat(EndpointKeySecrets.parse("Bearer gpk_abcdefghijkl_" + "a".repeat(43)))
                .isEmpty();
        assertThat(EndpointKeySecrets.parse("gpk_abcdefghijkl_" + "a".repeat(43)))
                .isPresent();
    }

    @Test
    void aKeyInTheQueryIsNoticed() {
        assertThat(EndpointKeySecrets.inQuery("api_key=gpk_abc")).isTrue();
        assertThat(EndpointKeySecrets.inQuery("x=1")).isFalse();
        assertThat(EndpointKeySecrets.inQuery(null)).isFalse();
    }
}
