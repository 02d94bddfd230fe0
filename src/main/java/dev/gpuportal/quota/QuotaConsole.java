package dev.gpuportal.quota;

import java.util.List;

/** What the admin quota console shows: every active tenant's usage, and how each cluster shares its GPUs. */
public record QuotaConsole(List<QuotaUsage> usages, List<ClusterSharing> sharing) {

    public QuotaConsole {
        usages = List.copyOf(usages);
        sharing = List.copyOf(sharing);
    }
}
