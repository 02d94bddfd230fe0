package dev.gpuportal.quota;

import java.util.List;

/**
 * Whether GPUs are shared through a queue manager (Kueue) on the cluster a tenant's workloads run on: there training
 * jobs may borrow idle GPUs of other tenants up to the tenant's borrowing limit. Implemented by the cluster registry.
 */
public interface GpuSharing {

    /** Whether the first registered cluster of {@code clusters} runs Kueue. */
    boolean sharedOn(List<String> clusters);

    /** Why sharing is off on {@code cluster}, in plain words; empty when it is on. */
    String whyOff(String cluster);

    /** The names of the registered clusters, virtual ones left out. */
    java.util.List<String> sharingClusters();

    /** Kueue's figures for {@code cluster}; empty where it does not run Kueue or cannot be asked. */
    java.util.Optional<QueueFigures> figures(String cluster);
}
