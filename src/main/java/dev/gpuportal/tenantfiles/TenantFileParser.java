package dev.gpuportal.tenantfiles;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a tenant file. Only the known fields are accepted (a typo is an error, not a silent default), and every
 * field keeps its line number.
 *
 * <pre>
 * slug: vision
 * displayName: Computer Vision
 * allowedRegions: [eu-central]
 * clusters: ["*"]            # every registered cluster in the allowed regions, or a list of names
 * isolationTier: shared      # or dedicated (then kubernetesVersion and nodePools may follow)
 * members:
 *   - group: vision-team
 *     role: member
 * quota:
 *   gpus: "2.5"
 *   caps: { mig-1g.10gb: 4 }
 * </pre>
 */
final class TenantFileParser {

    static final Set<String> TOP = Set.of(
            "slug",
            "displayName",
            "description",
            "isolationTier",
            "kubernetesVersion",
            "nodePools",
            "allowedRegions",
            "clusters",
            "members",
            "quota");
    static final Set<String> QUOTA =
            Set.of("gpus", "cpu", "memory", "storage", "maxWorkloads", "notebookIdleLimit", "caps");

    private TenantFileParser() {}

    /** A problem at a line of the file. */
    static final class ParseException extends RuntimeException {
        final int line;

        ParseException(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    static TenantFile parse(String text) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(0);
            root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new ParseException(line, "Not valid YAML: " + e.getProblem());
        } catch (RuntimeException e) {
            throw new ParseException(1, "Not valid YAML: " + e.getMessage());
        }
        if (!(root instanceof MappingNode map)) {
            throw new ParseException(1, "A tenant file is a mapping with slug, displayName, quota, …");
        }
        Map<String, Integer> lines = new HashMap<>();
        lines.put("", 1);
        Map<String, Node> top = fields(map, TOP, "", lines);
        Map<String, String> quota = new LinkedHashMap<>();
        Map<String, String> caps = new LinkedHashMap<>();
        if (top.get("quota") != null) {
            Map<String, Node> q = fields(mapping(top.get("quota"), "quota"), QUOTA, "quota.", lines);
            q.forEach((k, v) -> {
                if (!k.equals("caps")) {
                    quota.put(k, scalar(v, "quota." + k));
                }
            });
            if (q.get("caps") != null) {
                for (NodeTuple t : mapping(q.get("caps"), "quota.caps").getValue()) {
                    String profile = scalar(t.getKeyNode(), "quota.caps");
                    lines.put("cap." + profile, line(t.getKeyNode()));
                    caps.put(profile, scalar(t.getValueNode(), "quota.caps." + profile));
                }
            }
        }
        return new TenantFile(
                text(top, "slug"),
                text(top, "displayName"),
                text(top, "description"),
                text(top, "isolationTier"),
                text(top, "kubernetesVersion"),
                list(top.get("nodePools"), "nodePools"),
                list(top.get("allowedRegions"), "allowedRegions"),
                list(top.get("clusters"), "clusters"),
                members(top.get("members"), lines),
                quota,
                caps,
                lines);
    }

    private static Map<String, Node> fields(
            MappingNode map, Set<String> allowed, String prefix, Map<String, Integer> lines) {
        Map<String, Node> result = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = scalar(t.getKeyNode(), prefix + "?");
            if (!allowed.contains(key)) {
                throw new ParseException(
                        line(t.getKeyNode()),
                        "Unknown field '" + prefix + key + "': expected one of "
                                + String.join(", ", allowed.stream().sorted().toList()));
            }
            if (result.containsKey(key)) { // compose() keeps both; only the constructor would have refused
                throw new ParseException(
                        line(t.getKeyNode()),
                        "'" + prefix + key + "' appears twice (first on line " + lines.get(prefix + key) + ")");
            }
            lines.put(prefix + key, line(t.getKeyNode()));
            result.put(key, t.getValueNode());
        }
        return result;
    }

    private static List<TenantFile.Member> members(Node node, Map<String, Integer> lines) {
        List<TenantFile.Member> members = new ArrayList<>();
        if (node == null) {
            return members;
        }
        if (!(node instanceof SequenceNode seq)) {
            throw new ParseException(line(node), "members is a list of {group|user: name, role: …}");
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            lines.put("members[" + i + "]", line(item));
            Map<String, Node> m = fields(
                    mapping(item, "members[" + i + "]"), Set.of("group", "user", "role"), "members[" + i + "].", lines);
            boolean group = m.containsKey("group");
            if (group == m.containsKey("user")) {
                throw new ParseException(line(item), "Each member names either a group or a user");
            }
            if (!m.containsKey("role")) {
                throw new ParseException(line(item), "Each member needs a role: tenant-admin, member or viewer");
            }
            members.add(new TenantFile.Member(
                    group ? "group" : "user",
                    scalar(m.get(group ? "group" : "user"), "members"),
                    scalar(m.get("role"), "members")));
        }
        return members;
    }

    private static MappingNode mapping(Node node, String field) {
        if (node instanceof MappingNode map) {
            return map;
        }
        throw new ParseException(line(node), field + " must be a mapping");
    }

    private static List<String> list(Node node, String field) {
        if (node == null) {
            return List.of();
        }
        if (node instanceof SequenceNode seq) {
            return seq.getValue().stream().map(n -> scalar(n, field)).toList();
        }
        throw new ParseException(line(node), field + " must be a list, e.g. [eu-central]");
    }

    private static String text(Map<String, Node> fields, String key) {
        Node node = fields.get(key);
        return node == null ? null : scalar(node, key);
    }

    private static String scalar(Node node, String field) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        throw new ParseException(line(node), field + " must be a single value");
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }
}
