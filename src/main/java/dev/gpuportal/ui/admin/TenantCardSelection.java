package dev.gpuportal.ui.admin;

import dev.gpuportal.quota.QuotaUsage;
import java.util.List;
import java.util.Locale;

/**
 * Which tenants' cards the quota console shows: those whose slug or name contains what the admin typed, at most
 * {@code limit} of them. Pure. An organisation with a thousand tenants gets a page it can open and search, not a
 * thousand cards at once (which the browser did not render within a minute).
 */
record TenantCardSelection(List<QuotaUsage> shown, int matching) {

    static final int PAGE = 50;

    static TenantCardSelection of(List<QuotaUsage> usages, String query, int limit) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        List<QuotaUsage> matching = q.isEmpty()
                ? usages
                : usages.stream().filter(u -> matches(u, q)).toList();
        return new TenantCardSelection(matching.subList(0, Math.min(limit, matching.size())), matching.size());
    }

    boolean more() {
        return shown.size() < matching;
    }

    /** How many cards "Show more" adds: a page, or what is left. */
    int nextPage() {
        return Math.min(PAGE, matching - shown.size());
    }

    private static boolean matches(QuotaUsage usage, String query) {
        return usage.quota().tenantSlug().toLowerCase(Locale.ROOT).contains(query)
                || usage.quota().tenantName().toLowerCase(Locale.ROOT).contains(query);
    }
}
