package dev.gpuportal.quota;

import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuProfile;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a tenant's quota in GPU-equivalents into one Kubernetes quota key per GPU resource name (the backstop
 * behind the portal's own admission).
 *
 * <p>The rule: for a resource name, the limit is how many of its units fit into the tenant's GPU-equivalents
 * (rounded down, using the smallest equivalent among the offered profiles with that name), lowered to the sum of
 * their caps when every such profile has a cap. Example: 2.5 GPU with a cap of 4 × mig-1g.10gb gives
 * {@code nvidia.com/mig-1g.10gb: 4}, {@code nvidia.com/gpu: 2}, {@code nvidia.com/mig-3g.40gb: 5} and
 * {@code nvidia.com/gpu.shared: 5}. Each key alone never exceeds the total; that the keys together stay within the
 * total (2 whole GPUs and 4 slices at once would not) is what the portal's admission checks, since Kubernetes quota
 * cannot express a sum across resource names.
 */
public final class GpuResourceQuotas {

    private GpuResourceQuotas() {}

    public static Map<String, Long> maxUnitsByResource(QuotaLimits limits, Collection<GpuProfile> catalog) {
        Map<String, List<GpuProfile>> byResource = new TreeMap<>();
        for (GpuProfile p : catalog) {
            if (p.isEnabled()) {
                byResource
                        .computeIfAbsent(p.getResourceName(), k -> new ArrayList<>())
                        .add(p);
            }
        }
        Map<String, Long> result = new TreeMap<>();
        byResource.forEach((resource, profiles) -> {
            GpuAmount smallest = profiles.stream()
                    .map(GpuProfile::getEquivalent)
                    .min(GpuAmount::compareTo)
                    .orElseThrow();
            long fits = limits.gpus().fitsTimes(smallest);
            boolean allCapped =
                    profiles.stream().allMatch(p -> limits.profileCaps().containsKey(p.getId()));
            if (allCapped) {
                long caps = profiles.stream()
                        .mapToLong(p -> limits.profileCaps().get(p.getId()))
                        .sum();
                fits = Math.min(fits, caps);
            }
            result.put(resource, fits);
        });
        return result;
    }
}
