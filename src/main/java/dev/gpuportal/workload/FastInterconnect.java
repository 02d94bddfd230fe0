package dev.gpuportal.workload;

import java.util.List;
import java.util.Optional;

/** Whether a tenant's cluster can keep a training job's workers together on its fast interconnect (cluster feature). */
public interface FastInterconnect {

    /**
     * Why the workers of a job on GPUs of {@code gpuResource} on nodes of {@code gpuProduct} cannot be kept together
     * on the first registered cluster of {@code clusters}, in plain words with a way out; empty when they can.
     */
    Optional<String> whyNot(List<String> clusters, String gpuResource, String gpuProduct);
}
