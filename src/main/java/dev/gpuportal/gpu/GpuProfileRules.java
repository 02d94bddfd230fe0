package dev.gpuportal.gpu;

import dev.gpuportal.base.FieldErrors;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What makes a GPU profile valid. MIG fractions follow NVIDIA's MIG user guide for the 80 GB A100/H100: a GPU has 7
 * compute slices and the mixed strategy offers instances of 1, 2, 3, 4 or 7 of them.
 */
final class GpuProfileRules {

    static final Set<Long> MIG_COMPUTE_SLICES = Set.of(1L, 2L, 3L, 4L, 7L);
    static final int MAX_TIME_SLICE_REPLICAS = 64;

    private static final Pattern PROFILE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final Pattern RESOURCE_NAME =
            Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern MIG_RESOURCE = Pattern.compile(".*/mig-(\\d+)g\\.(\\d+)gb");

    private GpuProfileRules() {}

    static void validate(GpuProfileDraft draft) {
        FieldErrors errors = new FieldErrors();
        String name = draft.name() == null ? "" : draft.name().strip();
        if (name.isEmpty()) {
            errors.add("name", "Required");
        } else if (name.length() > 63 || !PROFILE_NAME.matcher(name).matches()) {
            errors.add("name", "Use at most 63 lower-case letters, digits, '-' and '.', e.g. mig-1g.10gb");
        }
        requireText(errors, "displayName", draft.displayName(), 120);
        requireText(errors, "shortLabel", draft.shortLabel(), 40);
        requireText(errors, "gpuModel", draft.gpuModel(), 120);
        if (draft.kind() == null) {
            errors.add("kind", "Choose whole GPU, MIG slice or time-sliced share");
        }
        String resource =
                draft.resourceName() == null ? "" : draft.resourceName().strip();
        if (resource.isEmpty()) {
            errors.add("resourceName", "Required, e.g. nvidia.com/gpu");
        } else if (resource.length() > 253 || !RESOURCE_NAME.matcher(resource).matches()) {
            errors.add(
                    "resourceName",
                    "Not a Kubernetes extended resource name: use <domain>/<name>, e.g. nvidia.com/gpu");
        }
        GpuAmount equivalent = null;
        try {
            equivalent = GpuAmount.parse(draft.equivalent());
        } catch (IllegalArgumentException e) {
            errors.add("equivalent", e.getMessage());
        }
        if (equivalent != null && draft.kind() != null && !errors.has("resourceName")) {
            String problem = equivalentProblem(draft.kind(), resource, equivalent);
            if (problem != null) {
                errors.add("equivalent", problem);
            }
        }
        errors.throwIfAny();
    }

    /** Why this equivalent does not fit the kind of profile, or null when it does. */
    static String equivalentProblem(GpuProfileKind kind, String resourceName, GpuAmount equivalent) {
        return switch (kind) {
            case WHOLE -> equivalent.equals(GpuAmount.ONE) ? null : "A whole-GPU profile is exactly 1 GPU";
            case MIG -> migProblem(resourceName, equivalent);
            case TIME_SLICED -> {
                if (equivalent.numerator() != 1
                        || equivalent.denominator() < 2
                        || equivalent.denominator() > MAX_TIME_SLICE_REPLICAS) {
                    yield "A time-sliced share is 1/replicas of a GPU, with 2 to " + MAX_TIME_SLICE_REPLICAS
                            + " replicas (e.g. 1/2 or 1/4)";
                }
                yield null;
            }
        };
    }

    private static String migProblem(String resourceName, GpuAmount equivalent) {
        boolean sevenths = equivalent.times(7).isWhole();
        long slices = equivalent.times(7).numerator();
        if (!sevenths || !MIG_COMPUTE_SLICES.contains(slices)) {
            return equivalent.toFractionString()
                    + " is not a MIG slice: an A100/H100 offers 1/7, 2/7, 3/7, 4/7 or 7/7 of a GPU";
        }
        Matcher m = MIG_RESOURCE.matcher(resourceName);
        if (!m.matches()) {
            return "A MIG resource is named like nvidia.com/mig-3g.40gb";
        }
        long named = Long.parseLong(m.group(1));
        if (named != slices) {
            return "mig-" + named + "g is " + GpuAmount.of(named, 7).toFractionString() + " of a GPU, not "
                    + equivalent.toFractionString();
        }
        return null;
    }

    private static void requireText(FieldErrors errors, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            errors.add(field, "Required");
        } else if (value.strip().length() > max) {
            errors.add(field, "At most " + max + " characters");
        }
    }
}
