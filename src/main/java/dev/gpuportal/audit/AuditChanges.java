package dev.gpuportal.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an audit entry changed, field by field, from its before and after snapshots (JSON): nested objects become
 * dotted names ("caps.mig-1g.10gb"), lists and scalars are compared as a whole; null, "" and empty lists count as not
 * set. Only fields whose value differs are listed, in the snapshot's order.
 */
public final class AuditChanges {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditChanges() {}

    public static List<AuditChange> of(AuditEvent event) {
        return between(event.getBeforeState(), event.getAfterState());
    }

    public static List<AuditChange> between(String beforeJson, String afterJson) {
        Map<String, String> before = flatten(beforeJson);
        Map<String, String> after = flatten(afterJson);
        Set<String> fields = new LinkedHashSet<>(before.keySet());
        fields.addAll(after.keySet());
        List<AuditChange> changes = new ArrayList<>();
        for (String field : fields) {
            String old = before.get(field);
            String now = after.get(field);
            if (!Objects.equals(old, now)) {
                changes.add(new AuditChange(field, old, now));
            }
        }
        return changes;
    }

    /**
     * The changes in one line: "gpus: 2 → 4; cpu: 64 → 128" for an update, "new: slug nlp; cpu 64" for an object
     * created, "removed: subject nlp-team" for one deleted.
     */
    public static String summary(List<AuditChange> changes) {
        if (!changes.isEmpty() && changes.stream().allMatch(c -> c.before() == null)) {
            return "new: "
                    + changes.stream().map(c -> c.field() + " " + c.after()).collect(Collectors.joining("; "));
        }
        if (!changes.isEmpty() && changes.stream().allMatch(c -> c.after() == null)) {
            return "removed: "
                    + changes.stream().map(c -> c.field() + " " + c.before()).collect(Collectors.joining("; "));
        }
        return changes.stream().map(AuditChange::describe).collect(Collectors.joining("; "));
    }

    private static Map<String, String> flatten(String json) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return fields;
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            // Not JSON (an old entry written by hand): show it as one value rather than hide it.
            fields.put("state", json);
            return fields;
        }
        if (root.isObject()) {
            flatten("", root, fields);
        } else if (!root.isNull()) {
            fields.put("value", text(root));
        }
        return fields;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(name + ".", value, into);
            } else if (!blank(value)) {
                into.put(name, text(value));
            }
        }
    }

    /** Null, "" and [] say "not set" in a snapshot: shown as "—" like an absent field. */
    private static boolean blank(JsonNode value) {
        return value.isNull()
                || (value.isString() && value.asString().isEmpty())
                || (value.isArray() && value.isEmpty());
    }

    private static String text(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.isValueNode() ? item.asString() : item.toString()));
            return "[" + String.join(", ", items) + "]";
        }
        return value.isValueNode() ? value.asString() : value.toString();
    }
}
