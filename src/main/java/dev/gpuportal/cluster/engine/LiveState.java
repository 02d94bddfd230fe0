package dev.gpuportal.cluster.engine;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a live object is as the portal wants it, so the reconciler writes only when something differs:
 * every wanted field has the wanted value (quantities compare by value, "1Gi" equals "1024Mi"), and the fields the
 * portal's field manager owns there are exactly the wanted ones. The second part is what removes a field the portal
 * stops setting (a GPU profile's key in a ResourceQuota): server-side apply drops it once the portal applies without
 * it. Fields others set (status, defaults the API server adds, someone's annotation) are ignored.
 */
final class LiveState {

    /** Joins the keys of a field's path: no Kubernetes key holds it (keys such as "requests.nvidia.com/gpu" do hold dots). */
    static final String SEP = "\u001f";

    private LiveState() {}

    /**
     * Whether {@code live} needs no write: it satisfies {@code desired}, and the fields {@code fieldManager} applied
     * (its managed-fields entry) are the fields {@code desired} sets. A live object without managed fields (an API
     * server that keeps none) is judged by values only; one the portal created and has not applied since, by whether
     * it still wants what it created ({@link CreateThenApply}).
     */
    static boolean upToDate(Map<?, ?> desired, Map<?, ?> live, String fieldManager) {
        if (!satisfiedBy(desired, live)) {
            return false;
        }
        Object managedFields = live.get("metadata") instanceof Map<?, ?> meta ? meta.get("managedFields") : null;
        if (!(managedFields instanceof List<?> entries) || entries.isEmpty()) {
            return true;
        }
        Set<String> owned = new TreeSet<>();
        boolean applied = false;
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> e
                    && fieldManager.equals(e.get("manager"))
                    && "Apply".equals(e.get("operation"))
                    && e.get("fieldsV1") instanceof Map<?, ?> fields) {
                applied = true;
                managedPaths("", fields, owned);
            }
        }
        if (!applied && CreateThenApply.createdNotApplied(live, fieldManager)) {
            return CreateThenApply.unchangedSinceCreated(desired, live);
        }
        return applied && owned.equals(coveredBy(desiredPaths(desired), owned));
    }

    /**
     * The wanted paths as the API server records them: below a struct or map it keeps as one (atomic, such as a
     * RoleBinding's {@code roleRef}) it records only the struct.
     */
    private static Set<String> coveredBy(Set<String> wanted, Set<String> owned) {
        Set<String> result = new TreeSet<>();
        for (String path : wanted) {
            result.add(owned.stream()
                    .filter(o -> path.startsWith(o + SEP))
                    .findFirst()
                    .orElse(path));
        }
        return result;
    }

    /** Says what differs, for the log: values, or fields managed but not wanted and wanted but not managed. */
    static String difference(Map<?, ?> desired, Map<?, ?> live, String fieldManager) {
        if (!satisfiedBy(desired, live)) {
            return "values differ";
        }
        Set<String> owned = new TreeSet<>();
        if (live.get("metadata") instanceof Map<?, ?> meta && meta.get("managedFields") instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof Map<?, ?> e
                        && fieldManager.equals(e.get("manager"))
                        && "Apply".equals(e.get("operation"))
                        && e.get("fieldsV1") instanceof Map<?, ?> fields) {
                    managedPaths("", fields, owned);
                }
            }
        }
        Set<String> wanted = coveredBy(desiredPaths(desired), owned);
        Set<String> extra = new TreeSet<>(owned);
        extra.removeAll(wanted);
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(owned);
        return ("managed but no longer wanted " + extra + ", wanted but not managed " + missing).replace(SEP, ".");
    }

    /** The paths of the fields an object sets, lists counted as one field; name and namespace identify, not set. */
    static Set<String> desiredPaths(Map<?, ?> desired) {
        Set<String> paths = new TreeSet<>();
        for (var entry : desired.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (key.equals("apiVersion") || key.equals("kind") || key.equals("status")) {
                continue;
            }
            if (key.equals("metadata") && entry.getValue() instanceof Map<?, ?> meta) {
                for (var m : meta.entrySet()) {
                    String metaKey = String.valueOf(m.getKey());
                    if (!metaKey.equals("name") && !metaKey.equals("namespace")) {
                        valuePaths("metadata" + SEP + metaKey, m.getValue(), paths);
                    }
                }
            } else {
                valuePaths(key, entry.getValue(), paths);
            }
        }
        return paths;
    }

    private static void valuePaths(String path, Object value, Set<String> paths) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach((k, v) -> valuePaths(path + SEP + k, v, paths));
        } else if (value != null) {
            paths.add(path);
        }
    }

    /**
     * Reads a managed-fields entry ({@code fieldsV1}: {@code "f:spec": {"f:hard": {".": {}, "f:cpu": {}}}}) into the
     * same paths: a field whose entry lists list items ({@code k:}, {@code v:}, {@code i:}) is one field, as above.
     */
    private static void managedPaths(String path, Map<?, ?> fields, Set<String> paths) {
        boolean children = false;
        for (var entry : fields.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (key.startsWith("f:")) {
                children = true;
                String child = (path.isEmpty() ? "" : path + SEP) + key.substring(2);
                if (entry.getValue() instanceof Map<?, ?> sub) {
                    managedPaths(child, sub, paths);
                } else {
                    paths.add(child);
                }
            } else if (!key.equals(".")) {
                paths.add(path); // an item of a list: the list is one field
                return;
            }
        }
        if (!children && !path.isEmpty()) {
            paths.add(path);
        }
    }

    static boolean satisfiedBy(Map<?, ?> desired, Map<?, ?> live) {
        for (var entry : desired.entrySet()) {
            Object key = entry.getKey();
            if ("status".equals(key) || "apiVersion".equals(key) || "kind".equals(key)) {
                continue;
            }
            if (!matches(entry.getValue(), live == null ? null : live.get(key))) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(Object desired, Object live) {
        if (desired == null) {
            return true;
        }
        if (desired instanceof Map<?, ?> d) {
            if (d.isEmpty()) {
                return live == null || (live instanceof Map<?, ?> l && l.isEmpty());
            }
            return live instanceof Map<?, ?> l && satisfiedBy(d, l);
        }
        if (desired instanceof List<?> d) {
            if (!(live instanceof List<?> l) || l.size() != d.size()) {
                return d.isEmpty() && live == null;
            }
            for (int i = 0; i < d.size(); i++) {
                if (!matches(d.get(i), l.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (Objects.equals(String.valueOf(desired), String.valueOf(live))) {
            return true;
        }
        return live != null && sameQuantity(String.valueOf(desired), String.valueOf(live));
    }

    private static boolean sameQuantity(String a, String b) {
        try {
            return Quantity.getAmountInBytes(new Quantity(a)).compareTo(Quantity.getAmountInBytes(new Quantity(b)))
                    == 0;
        } catch (IllegalArgumentException | ArithmeticException notAQuantity) {
            return false;
        }
    }
}
