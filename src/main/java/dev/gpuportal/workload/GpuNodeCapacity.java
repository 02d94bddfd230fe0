package dev.gpuportal.workload;

import java.util.OptionalLong;

/** How many units of a GPU resource the largest node offers (implemented by the cluster feature). */
public interface GpuNodeCapacity {

    /** Empty when no registered cluster reports nodes (nothing to check against). */
    OptionalLong largestNodeOffer(String resourceName);
}
