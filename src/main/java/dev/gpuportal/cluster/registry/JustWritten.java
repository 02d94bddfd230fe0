package dev.gpuportal.cluster.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the portal wrote that the informers have not shown yet, by key (kind/namespace/name) and by the workload it
 * belongs to. During a burst the informers run seconds behind and thousands of writes wait here: a workload's own are
 * found through the index, not by going through all of them, and so are those of one kind in one namespace (a tenant's
 * pass looks for its own few among the thousands of a burst's Jobs and claims).
 */
final class JustWritten {

    private final Map<String, HasMetadata> byKey = new HashMap<>();
    private final Map<String, Set<String>> keysByWorkload = new HashMap<>();
    private final Map<String, Set<String>> keysByPlace = new HashMap<>();

    synchronized HasMetadata get(String key) {
        return byKey.get(key);
    }

    synchronized void put(String key, HasMetadata object) {
        forget(key);
        byKey.put(key, object);
        keysByPlace.computeIfAbsent(placeOf(key), k -> new LinkedHashSet<>()).add(key);
        OwnedLabels.workloadIdOf(object)
                .ifPresent(id -> keysByWorkload
                        .computeIfAbsent(id, k -> new LinkedHashSet<>())
                        .add(key));
    }

    synchronized void remove(String key) {
        forget(key);
    }

    /** Forgets the object of {@code key} when {@code seen} says the informer now shows it (or a later version). */
    synchronized void removeIf(String key, Predicate<HasMetadata> seen) {
        HasMetadata written = byKey.get(key);
        if (written != null && seen.test(written)) {
            forget(key);
        }
    }

    synchronized List<HasMetadata> ofWorkload(String workloadId) {
        Set<String> keys = keysByWorkload.get(workloadId);
        if (keys == null) {
            return List.of();
        }
        List<HasMetadata> objects = new ArrayList<>(keys.size());
        keys.forEach(k -> objects.add(byKey.get(k)));
        return objects;
    }

    /** Those of a kind whose keys begin with {@code place} (a key is its place, "/" and the object's name). */
    synchronized List<HasMetadata> inPlace(Class<?> type, String place) {
        Set<String> keys = keysByPlace.get(place);
        if (keys == null) {
            return List.of();
        }
        List<HasMetadata> objects = new ArrayList<>(keys.size());
        for (String key : keys) {
            HasMetadata o = byKey.get(key);
            if (type.isInstance(o)) {
                objects.add(o);
            }
        }
        return objects;
    }

    synchronized List<HasMetadata> ofKind(Class<?> type) {
        List<HasMetadata> objects = new ArrayList<>();
        for (HasMetadata o : byKey.values()) {
            if (type.isInstance(o)) {
                objects.add(o);
            }
        }
        return objects;
    }

    synchronized int size() {
        return byKey.size();
    }

    private void forget(String key) {
        HasMetadata earlier = byKey.remove(key);
        if (earlier == null) {
            return;
        }
        String place = placeOf(key);
        Set<String> inPlace = keysByPlace.get(place);
        if (inPlace != null && inPlace.remove(key) && inPlace.isEmpty()) {
            keysByPlace.remove(place);
        }
        OwnedLabels.workloadIdOf(earlier).ifPresent(id -> {
            Set<String> keys = keysByWorkload.get(id);
            if (keys != null && keys.remove(key) && keys.isEmpty()) {
                keysByWorkload.remove(id);
            }
        });
    }

    private static String placeOf(String key) {
        int name = key.lastIndexOf('/');
        return name < 0 ? "" : key.substring(0, name);
    }
}
