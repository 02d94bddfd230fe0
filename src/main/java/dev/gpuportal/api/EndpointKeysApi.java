package dev.gpuportal.api;

import dev.gpuportal.access.EndpointKeyView;
import dev.gpuportal.access.EndpointKeys;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Keys of an inference endpoint: made by its tenant's members, shown once, listed without secrets, revoked. */
@RestController
@RequestMapping("/api/v1/workloads/{id}/keys")
class EndpointKeysApi {

    private final EndpointKeys keys;
    private final JsonBodies bodies;

    EndpointKeysApi(EndpointKeys keys, JsonBodies bodies) {
        this.keys = keys;
        this.bodies = bodies;
    }

    record KeyJson(
            long id,
            String name,
            String hint,
            String createdBy,
            Instant createdAt,
            String revokedBy,
            Instant revokedAt,
            String key) {

        static KeyJson of(EndpointKeyView k, String key) {
            return new KeyJson(
                    k.id(), k.name(), k.hint(), k.createdBy(), k.createdAt(), k.revokedBy(), k.revokedAt(), key);
        }
    }

    @GetMapping
    List<KeyJson> list(@PathVariable long id) {
        return keys.list(id).stream().map(k -> KeyJson.of(k, null)).toList();
    }

    /** 201 with the key itself in {@code key}: the only time it is ever shown. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<KeyJson> create(@PathVariable long id, @RequestBody String body) {
        keys.list(id); // someone who cannot see the endpoint learns nothing (404), a viewer is refused (403)
        String name = bodies.read(body, Requests.KeyInput.class).name();
        var created = TenantsApi.forbiddenIfDenied(() -> keys.create(id, name));
        return ResponseEntity.created(URI.create(
                        "/api/v1/workloads/" + id + "/keys/" + created.view().id()))
                .header("Cache-Control", "no-store")
                .body(KeyJson.of(created.view(), created.key()));
    }

    @DeleteMapping("/{keyId}")
    ResponseEntity<Void> revoke(@PathVariable long id, @PathVariable long keyId) {
        keys.list(id); // someone who cannot see the endpoint learns nothing (404), a viewer is refused (403)
        TenantsApi.forbiddenIfDenied(() -> keys.revoke(id, keyId));
        return ResponseEntity.noContent().build();
    }
}
