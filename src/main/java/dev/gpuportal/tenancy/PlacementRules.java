package dev.gpuportal.tenancy;

import dev.gpuportal.base.FieldErrors;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Data residency: a tenant may only live on registered clusters that serve at least one of its allowed regions
 * (no allowed regions means any region).
 */
final class PlacementRules {

    private PlacementRules() {}

    static void check(
            List<String> allowedRegions, List<String> clusters, ClusterDirectory directory, FieldErrors errors) {
        Set<String> seen = new HashSet<>();
        for (String cluster : clusters) {
            if (!seen.add(cluster)) {
                errors.add("clusters", "Cluster " + cluster + " is listed twice");
                continue;
            }
            Optional<Set<String>> regions = directory.regionsOf(cluster);
            if (regions.isEmpty()) {
                errors.add("clusters", "No cluster named '" + cluster + "' is registered");
                continue;
            }
            if (!allowedRegions.isEmpty() && regions.get().stream().noneMatch(allowedRegions::contains)) {
                errors.add(
                        "clusters",
                        "Cluster " + cluster + " serves " + describe(regions.get())
                                + ", outside the tenant's allowed regions (" + String.join(", ", allowedRegions)
                                + "): data may not be placed there");
            }
        }
    }

    private static String describe(Set<String> regions) {
        return regions.isEmpty()
                ? "no known region"
                : "region " + String.join(", ", regions.stream().sorted().toList());
    }
}
