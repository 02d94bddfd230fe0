package dev.gpuportal.api;

import dev.gpuportal.base.FieldErrors;
import dev.gpuportal.onboarding.TenantSetup;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.workload.WorkloadForm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Reads request bodies strictly: unknown fields, wrong types and oversized values are 400s that name the field,
 * so a typo never silently becomes a default.
 */
final class Bodies {

    static final int MAX_TEXT = 2000;
    static final Set<String> COMMON =
            Set.of("kind", "tenant", "name", "image", "cpu", "memory", "gpuProfile", "gpuCount");
    static final Set<String> NOTEBOOK = union(COMMON, "workspace");
    static final Set<String> TRAINING =
            union(COMMON, "command", "args", "env", "workers", "retries", "maxRunTime", "checkpoint");
    static final Set<String> INFERENCE =
            union(COMMON, "port", "minReplicas", "maxReplicas", "targetCpuPercent", "readinessPath");

    private Bodies() {}

    static WorkloadForm workload(JsonNode body) {
        FieldErrors errors = new FieldErrors();
        requireObject(body);
        String kind = text(body, "kind", errors);
        Set<String> allowed = switch (kind == null ? "" : kind) {
            case "notebook" -> NOTEBOOK;
            case "training" -> TRAINING;
            case "inference" -> INFERENCE;
            default -> {
                errors.add("kind", "One of notebook, training, inference");
                yield COMMON;
            }
        };
        unknown(body, allowed, errors);
        WorkloadForm form = switch (kind == null ? "" : kind) {
            case "training" ->
                new WorkloadForm.Training(
                        text(body, "tenant", errors),
                        text(body, "name", errors),
                        text(body, "image", errors),
                        lines(body, "command", errors),
                        lines(body, "args", errors),
                        env(body, errors),
                        text(body, "cpu", errors),
                        text(body, "memory", errors),
                        text(body, "gpuProfile", errors),
                        text(body, "gpuCount", errors),
                        text(body, "workers", errors),
                        text(body, "retries", errors),
                        text(body, "maxRunTime", errors),
                        text(body, "checkpoint", errors));
            case "inference" ->
                new WorkloadForm.Inference(
                        text(body, "tenant", errors),
                        text(body, "name", errors),
                        text(body, "image", errors),
                        text(body, "port", errors),
                        text(body, "cpu", errors),
                        text(body, "memory", errors),
                        text(body, "gpuProfile", errors),
                        text(body, "gpuCount", errors),
                        text(body, "minReplicas", errors),
                        text(body, "maxReplicas", errors),
                        text(body, "targetCpuPercent", errors),
                        text(body, "readinessPath", errors));
            default ->
                new WorkloadForm.Notebook(
                        text(body, "tenant", errors),
                        text(body, "name", errors),
                        text(body, "image", errors),
                        text(body, "cpu", errors),
                        text(body, "memory", errors),
                        text(body, "gpuProfile", errors),
                        text(body, "gpuCount", errors),
                        text(body, "workspace", errors));
        };
        errors.throwIfAny();
        return form;
    }

    static TenantDraft tenant(JsonNode body) {
        FieldErrors errors = new FieldErrors();
        requireObject(body);
        unknown(
                body,
                Set.of(
                        "slug",
                        "displayName",
                        "description",
                        "allowedRegions",
                        "clusters",
                        "isolationTier",
                        "kubernetesVersion",
                        "nodePools"),
                errors);
        IsolationTier tier = IsolationTier.SHARED;
        String tierText = body.has("isolationTier") ? text(body, "isolationTier", errors) : null;
        if (tierText != null && !tierText.isBlank()) {
            try {
                tier = IsolationTier.valueOf(tierText.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add("isolationTier", "shared or dedicated");
            }
        }
        TenantDraft draft = new TenantDraft(
                text(body, "slug", errors),
                text(body, "displayName", errors),
                text(body, "description", errors),
                tier,
                list(body, "allowedRegions", errors),
                body.has("kubernetesVersion") ? text(body, "kubernetesVersion", errors) : "",
                list(body, "nodePools", errors));
        errors.throwIfAny();
        return draft;
    }

    /**
     * A new tenant with, optionally, its "members" ([{"type","subject","role"}]) and "quota" (as for the quota
     * endpoint; what it leaves out comes from the portal's defaults).
     */
    static TenantSetup tenantSetup(JsonNode body) {
        requireObject(body);
        FieldErrors errors = new FieldErrors();
        tools.jackson.databind.node.ObjectNode tenantOnly = ((tools.jackson.databind.node.ObjectNode) body).deepCopy();
        tenantOnly.remove("members");
        tenantOnly.remove("quota");
        TenantDraft draft = collect(errors, "", () -> tenant(tenantOnly));
        List<String> clusters = collect(errors, "", () -> clusters(body));
        QuotaDraft quota = null;
        JsonNode quotaNode = body.get("quota");
        if (quotaNode != null && !quotaNode.isNull() && !quotaNode.isObject()) {
            errors.add("quota", "An object with gpus, cpu, memory, storage, maxWorkloads, …");
        } else if (quotaNode != null && !quotaNode.isNull()) {
            quota = collect(errors, "quota.", () -> quota(quotaNode));
        }
        List<TenantSetup.Member> members = members(body.get("members"), errors);
        errors.throwIfAny();
        return new TenantSetup(draft, clusters, members, quota);
    }

    private static List<TenantSetup.Member> members(JsonNode node, FieldErrors errors) {
        List<TenantSetup.Member> members = new ArrayList<>();
        if (node == null || node.isNull()) {
            return members;
        }
        if (!node.isArray()) {
            errors.add("members", "A list of {type, subject, role} is expected");
            return members;
        }
        for (int i = 0; i < node.size(); i++) {
            String field = "members[" + i + "]";
            JsonNode m = node.get(i);
            if (!m.isObject()) {
                errors.add(field, "An object {type, subject, role} is expected");
                continue;
            }
            unknown(m, Set.of("type", "subject", "role"), errors);
            String type = scalar(m.get("type"), field + ".type", errors);
            String subject = scalar(m.get("subject"), field + ".subject", errors);
            String roleText = scalar(m.get("role"), field + ".role", errors);
            SubjectType subjectType = null;
            if (type == null || !Set.of("group", "user").contains(type.strip().toLowerCase(java.util.Locale.ROOT))) {
                errors.add(field + ".type", "group or user");
            } else {
                subjectType = SubjectType.valueOf(type.strip().toUpperCase(java.util.Locale.ROOT));
            }
            TenantRole role = null;
            try {
                role = TenantRole.fromLabel(roleText == null ? "member" : roleText.strip());
            } catch (IllegalArgumentException e) {
                errors.add(field + ".role", e.getMessage());
            }
            members.add(new TenantSetup.Member(subjectType, subject, role));
        }
        return members;
    }

    private static <T> T collect(FieldErrors errors, String prefix, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (dev.gpuportal.base.InvalidInputException e) {
            e.fieldErrors().forEach((field, message) -> errors.add(prefix + field, message));
            return null;
        }
    }

    static List<String> clusters(JsonNode body) {
        FieldErrors errors = new FieldErrors();
        List<String> clusters = list(body, "clusters", errors);
        errors.throwIfAny();
        return clusters;
    }

    static QuotaDraft quota(JsonNode body) {
        FieldErrors errors = new FieldErrors();
        requireObject(body);
        unknown(body, Set.of("gpus", "caps", "cpu", "memory", "storage", "maxWorkloads", "notebookIdleLimit"), errors);
        Map<String, String> caps = new LinkedHashMap<>();
        JsonNode capsNode = body.get("caps");
        if (capsNode != null && !capsNode.isNull()) {
            if (!capsNode.isObject()) {
                errors.add("caps", "An object of GPU profile name → count");
            } else {
                for (String profile : capsNode.propertyNames()) {
                    caps.put(profile, scalar(capsNode.get(profile), "cap." + profile, errors));
                }
            }
        }
        QuotaDraft draft = new QuotaDraft(
                text(body, "gpus", errors),
                caps,
                text(body, "cpu", errors),
                text(body, "memory", errors),
                text(body, "storage", errors),
                text(body, "maxWorkloads", errors),
                body.has("notebookIdleLimit") ? text(body, "notebookIdleLimit", errors) : "");
        errors.throwIfAny();
        return draft;
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw dev.gpuportal.base.InvalidInputException.of("body", "A JSON object is expected");
        }
    }

    private static void unknown(JsonNode body, Set<String> allowed, FieldErrors errors) {
        for (String field : body.propertyNames()) {
            if (!allowed.contains(field)) {
                errors.add(field, "Unknown field; expected one of " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    private static String text(JsonNode body, String field, FieldErrors errors) {
        return scalar(body.get(field), field, errors);
    }

    private static String scalar(JsonNode node, String field, FieldErrors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isString() || node.isNumber()) {
            String value = node.asString();
            if (value.length() > MAX_TEXT) {
                errors.add(field, "At most " + MAX_TEXT + " characters");
                return null;
            }
            return value;
        }
        errors.add(field, "A string or number is expected");
        return null;
    }

    private static List<String> list(JsonNode body, String field, FieldErrors errors) {
        JsonNode node = body.get(field);
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            errors.add(field, "A list of strings is expected");
            return values;
        }
        for (JsonNode item : node) {
            String value = scalar(item, field, errors);
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    private static String lines(JsonNode body, String field, FieldErrors errors) {
        return String.join("\n", list(body, field, errors));
    }

    private static String env(JsonNode body, FieldErrors errors) {
        JsonNode node = body.get("env");
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isObject()) {
            errors.add("env", "An object of NAME → value");
            return "";
        }
        List<String> lines = new ArrayList<>();
        for (String name : node.propertyNames()) {
            lines.add(name + "=" + scalar(node.get(name), "env." + name, errors));
        }
        return String.join("\n", lines);
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> all = new TreeSet<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }
}
