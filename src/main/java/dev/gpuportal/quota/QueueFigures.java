package dev.gpuportal.quota;

import java.util.Map;

/**
 * What Kueue reports for one cluster: per tenant the GPU units its admitted jobs hold and how many of those are
 * borrowed (by resource name), and how many of its jobs wait; and the GPU units the cluster's nodes offer.
 */
public record QueueFigures(
        Map<String, Map<String, Long>> usedByTenant,
        Map<String, Map<String, Long>> borrowedByTenant,
        Map<String, Integer> waitingByTenant,
        Map<String, Long> capacity) {

    public QueueFigures {
        usedByTenant = Map.copyOf(usedByTenant);
        borrowedByTenant = Map.copyOf(borrowedByTenant);
        waitingByTenant = Map.copyOf(waitingByTenant);
        capacity = Map.copyOf(capacity);
    }
}
