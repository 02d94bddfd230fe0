package dev.gpuportal.metrics;

import dev.gpuportal.gpu.CatalogChoice;
import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuProfileKind;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which catalog profile a GPU resource request stands for, as kube-state-metrics reports it: it names extended
 * resources as label values, every character other than letters, digits and '_' turned into '_'
 * ({@code nvidia.com/mig-1g.10gb} is {@code nvidia_com_mig_1g_10gb}). A resource name alone may fit several products
 * (a 1g.10gb slice of an H100 or of an A100; a whole GPU of any model), so the GPU's model decides: the node's product
 * label, else the model DCGM reports for the pod. Of the profiles that fit, the one of the workload the pod belongs to
 * is taken, else the first; with no model known, the workload's, else the only profile of that resource. Pure.
 */
final class RequestedProfiles {

    private RequestedProfiles() {}

    /** A resource name as kube-state-metrics writes it in its {@code resource} label. */
    static String ksmName(String resourceName) {
        return resourceName.replaceAll("[^a-zA-Z0-9_]", "_");
    }

    static Optional<CatalogChoice> of(
            String ksmResource,
            Optional<String> model,
            Supplier<Optional<CatalogChoice>> workloadProfile,
            List<CatalogChoice> catalog) {
        List<CatalogChoice> ofResource = catalog.stream()
                .filter(c -> ksmName(c.resourceName()).equals(ksmResource))
                // a whole GPU is one unit of nvidia.com/gpu; profiles of several whole GPUs are counted by units
                .filter(c -> c.kind() != GpuProfileKind.WHOLE || c.equivalent().equals(GpuAmount.ONE))
                .toList();
        List<CatalogChoice> candidates = model.map(m -> ofResource.stream()
                        .filter(c -> c.gpuModel().equalsIgnoreCase(m))
                        .toList())
                .orElse(ofResource);
        Optional<CatalogChoice> ofWorkload = workloadProfile
                .get()
                .flatMap(w -> candidates.stream()
                        .filter(c -> c.name().equals(w.name()))
                        .findFirst());
        if (ofWorkload.isPresent()) {
            return ofWorkload;
        }
        if (model.isPresent()) {
            return candidates.stream().findFirst();
        }
        return ofResource.size() == 1 ? Optional.of(ofResource.getFirst()) : Optional.empty();
    }
}
