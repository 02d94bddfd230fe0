package dev.gpuportal.tenancy;

import dev.gpuportal.base.FieldErrors;
import dev.gpuportal.base.Names;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** What makes a tenant draft valid. The slug becomes part of namespace names, so it is kept short. */
final class TenantRules {

    static final int MAX_SLUG = 40;
    private static final Set<String> RESERVED = Set.of("default", "system", "admin", "gpu-portal", "portal");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern VERSION = Pattern.compile("v(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private TenantRules() {}

    /**
     * Why a dedicated tenant's virtual cluster cannot go from {@code current} to {@code wanted}, or null: Kubernetes
     * is upgraded one minor release at a time and never downgraded.
     */
    static String upgradeProblem(String current, String wanted) {
        var from = VERSION.matcher(current);
        var to = VERSION.matcher(wanted);
        if (!from.matches() || !to.matches() || current.equals(wanted)) {
            return null;
        }
        int[] a = {Integer.parseInt(from.group(1)), Integer.parseInt(from.group(2)), Integer.parseInt(from.group(3))};
        int[] b = {Integer.parseInt(to.group(1)), Integer.parseInt(to.group(2)), Integer.parseInt(to.group(3))};
        if (java.util.Arrays.compare(b, a) < 0) {
            return "Kubernetes cannot be downgraded: the virtual cluster runs " + current;
        }
        if (b[0] != a[0] || b[1] > a[1] + 1) {
            return "Upgrade one minor release at a time: from " + current + " to v" + a[0] + "." + (a[1] + 1)
                    + ".x first";
        }
        return null;
    }

    /**
     * Why a virtual cluster cannot run {@code wanted}, or null: it must be one of the {@code supported} releases or
     * minor lines ("v1.38" covers v1.38.0, v1.38.1, …). Malformed versions are reported by {@link #validate}.
     */
    static String versionProblem(String wanted, List<String> supported) {
        if (!VERSION.matcher(wanted).matches()) {
            return null;
        }
        for (String entry : supported) {
            if (wanted.equals(entry)
                    || wanted.startsWith(entry + ".")
                            && entry.chars().filter(c -> c == '.').count() == 1) {
                return null;
            }
        }
        return "Virtual clusters here run " + describe(supported) + ", not " + wanted;
    }

    /** [v1.37, v1.38.1] → "v1.37.x or v1.38.1". */
    static String describe(List<String> supported) {
        List<String> shown = supported.stream()
                .map(v -> v.chars().filter(c -> c == '.').count() == 1 ? v + ".x" : v)
                .toList();
        return shown.size() <= 1
                ? String.join("", shown)
                : String.join(", ", shown.subList(0, shown.size() - 1)) + " or " + shown.getLast();
    }

    static void validate(TenantDraft draft, boolean creating) {
        FieldErrors errors = new FieldErrors();
        if (creating) {
            String slug = draft.slug() == null ? "" : draft.slug().strip();
            String problem = Names.dnsLabelProblem(slug, MAX_SLUG);
            if (problem != null) {
                errors.add("slug", problem);
            } else if (RESERVED.contains(slug) || slug.startsWith("kube-") || slug.startsWith("openshift-")) {
                errors.add("slug", "'" + slug + "' is reserved: choose another name");
            }
        }
        if (draft.displayName() == null || draft.displayName().isBlank()) {
            errors.add("displayName", "Required");
        } else if (draft.displayName().strip().length() > 120) {
            errors.add("displayName", "At most 120 characters");
        }
        if (draft.description() != null && draft.description().strip().length() > 1000) {
            errors.add("description", "At most 1000 characters");
        }
        if (draft.isolationTier() == IsolationTier.DEDICATED) {
            if (!draft.kubernetesVersion().isEmpty()
                    && !VERSION.matcher(draft.kubernetesVersion()).matches()) {
                errors.add(
                        "kubernetesVersion",
                        "'" + draft.kubernetesVersion() + "' is not a Kubernetes release: use e.g. v1.37.2");
            }
            checkNames(draft.nodePools(), "nodePools", "node pool", errors);
        }
        checkNames(draft.allowedRegions(), "allowedRegions", "region", errors);
        errors.throwIfAny();
    }

    /** Region and node pool names: label-like, each listed once. */
    private static void checkNames(List<String> names, String field, String what, FieldErrors errors) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            String n = name == null ? "" : name.strip();
            if (n.isEmpty() || n.length() > 63 || !NAME.matcher(n).matches()) {
                errors.add(field, "'" + n + "' is not a " + what + " name: use lower-case letters, digits and '-'");
            } else if (!seen.add(n)) {
                errors.add(
                        field,
                        Character.toUpperCase(what.charAt(0)) + what.substring(1) + " " + n + " is listed twice");
            }
        }
    }
}
