package dev.gpuportal.cluster.engine;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules for objects the portal makes with a create rather than an apply. A server-side apply that creates an
 * object costs the API server about twice what a create does, and a burst of submissions creates thousands, so a new
 * object is created (field manager {@code gpu-portal}) and only later changes are applied. The create's fields then
 * belong to the portal's "Update" entry, which also holds the defaults the API server filled in, so it cannot tell
 * which fields the portal set: the created object carries the {@link #ANNOTATION hash of what the portal wanted}, and
 * it is up to date while the portal still wants exactly that. Before its first apply the portal's "Update" entry
 * becomes its "Apply" entry (as {@code kubectl} upgrades objects created client-side), so that the apply removes a
 * field the portal no longer sets instead of leaving it owned by nobody who would remove it.
 */
final class CreateThenApply {

    /** On a created object: the hash of the object as the portal wanted it then. Its first apply removes it. */
    static final String ANNOTATION = "gpu-portal.dev/created-as";

    private static final JsonMapper SORTED_KEYS = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private CreateThenApply() {}

    /** The object to create: what the portal wants, with its hash. */
    static Map<String, Object> body(Map<?, ?> desired) {
        Map<String, Object> body = copy(desired);
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata =
                (Map<String, Object>) body.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
        Map<String, Object> annotations = new LinkedHashMap<>();
        if (metadata.get("annotations") instanceof Map<?, ?> existing) {
            existing.forEach((k, v) -> annotations.put(String.valueOf(k), v));
        }
        annotations.put(ANNOTATION, hashOf(desired));
        metadata.put("annotations", annotations);
        return body;
    }

    /** A hash of an object's fields that does not depend on the order of map keys. */
    static String hashOf(Map<?, ?> desired) {
        try {
            // JSON with map keys sorted; lists keep their order, which Kubernetes gives meaning
            byte[] canonical = SORTED_KEYS.writeValueAsBytes(desired);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * Whether {@code manager} created the live object and has not applied it since: an "Update" entry of its own on
     * the object itself (not a subresource), no "Apply" entry.
     */
    static boolean createdNotApplied(Map<?, ?> live, String manager) {
        boolean created = false;
        for (Map<?, ?> entry : entries(live)) {
            if (!manager.equals(entry.get("manager"))) {
                continue;
            }
            if ("Apply".equals(entry.get("operation"))) {
                return false;
            }
            created |= "Update".equals(entry.get("operation")) && onTheObject(entry);
        }
        return created;
    }

    /** Whether the portal still wants what it created the live object as. */
    static boolean unchangedSinceCreated(Map<?, ?> desired, Map<?, ?> live) {
        return live.get("metadata") instanceof Map<?, ?> meta
                && meta.get("annotations") instanceof Map<?, ?> annotations
                && hashOf(desired).equals(annotations.get(ANNOTATION));
    }

    /**
     * The live object's managed fields with {@code manager}'s "Update" entry on the object turned into its "Apply"
     * entry; every other entry (other managers', the manager's on a subresource) as it was.
     */
    static List<Map<String, Object>> ownedAsApplied(Map<?, ?> live, String manager) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (Map<?, ?> entry : entries(live)) {
            Map<String, Object> copy = copy(entry);
            if (manager.equals(entry.get("manager")) && "Update".equals(entry.get("operation")) && onTheObject(entry)) {
                copy.put("operation", "Apply");
            }
            result.add(copy);
        }
        return result;
    }

    private static boolean onTheObject(Map<?, ?> entry) {
        return entry.get("subresource") == null || "".equals(entry.get("subresource"));
    }

    private static List<Map<?, ?>> entries(Map<?, ?> live) {
        List<Map<?, ?>> entries = new ArrayList<>();
        if (live.get("metadata") instanceof Map<?, ?> meta && meta.get("managedFields") instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> e) {
                    entries.add(e);
                }
            }
        }
        return entries;
    }

    private static Map<String, Object> copy(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), copyValue(v)));
        return copy;
    }

    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return copy(map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(CreateThenApply::copyValue).toList();
        }
        return value;
    }
}
