package dev.gpuportal.tenancy;

import dev.gpuportal.base.FieldErrors;
import dev.gpuportal.base.Names;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** What makes a tenant draft valid. The slug becomes part of namespace names, so it is kept short. */
final class TenantRules {

    static final int MAX_SLUG = 40;
    private static final Set<String> RESERVED = Set.of("default", "system", "admin", "gpu-portal", "portal");
    private static final Pattern REGION = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private TenantRules() {}

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
            errors.add("isolationTier", "Dedicated virtual clusters are not available yet: use shared");
        }
        Set<String> seen = new HashSet<>();
        for (String region : draft.allowedRegions()) {
            String r = region == null ? "" : region.strip();
            if (r.isEmpty() || r.length() > 63 || !REGION.matcher(r).matches()) {
                errors.add(
                        "allowedRegions", "'" + r + "' is not a region name: use lower-case letters, digits and '-'");
            } else if (!seen.add(r)) {
                errors.add("allowedRegions", "Region " + r + " is listed twice");
            }
        }
        errors.throwIfAny();
    }
}
