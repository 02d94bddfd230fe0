package dev.gpuportal.quota;

import dev.gpuportal.gpu.GpuAmount;
import java.util.List;

/**
 * What the admin quota console shows: the usage of a page of the active tenants (those whose name contains what the
 * admin typed), how many match, the totals of every active tenant, and how each cluster shares its GPUs.
 */
public record QuotaConsole(
        List<QuotaUsage> shown,
        long matching,
        long activeTenants,
        GpuAmount quota,
        GpuAmount used,
        List<ClusterSharing> sharing) {

    /** Tenants' cards per page: an organisation with a thousand tenants gets a page it can open and search. */
    public static final int PAGE = 50;

    public QuotaConsole {
        shown = List.copyOf(shown);
        sharing = List.copyOf(sharing);
    }

    public boolean more() {
        return shown.size() < matching;
    }

    /** How many cards "Show more" adds: a page, or what is left. */
    public int nextPage() {
        return (int) Math.min(PAGE, matching - shown.size());
    }
}
