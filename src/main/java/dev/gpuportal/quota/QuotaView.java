package dev.gpuportal.quota;

import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuProfile;
import java.time.Instant;
import java.util.List;

/**
 * A tenant's quota as read: the limits, caps with their profiles, who changed it last, and what its limits of 0 mean
 * for the tenant's people (empty when none is 0).
 */
public record QuotaView(
        String tenantSlug,
        String tenantName,
        QuotaLimits limits,
        List<Cap> caps,
        long version,
        String updatedBy,
        Instant updatedAt,
        QuotaDraft draft,
        List<String> warnings) {

    public QuotaView {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** "4 × 1g.10gb, 2 × 3g.40gb", or "" without caps. */
    public String describeCaps() {
        return String.join(
                ", ",
                caps.stream()
                        .map(c -> c.max() + " × " + c.profile().getShortLabel())
                        .toList());
    }

    /** At most {@code max} units of {@code profile} at once. */
    public record Cap(GpuProfile profile, int max) {

        public GpuAmount worth() {
            return profile.getEquivalent().times(max);
        }
    }
}
