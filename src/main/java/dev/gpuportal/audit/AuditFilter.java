package dev.gpuportal.audit;

import java.time.Instant;

/** Which audit events to list; null fields do not filter. */
public record AuditFilter(String actor, String tenantSlug, String entityType, Instant from, Instant to) {

    public static AuditFilter all() {
        return new AuditFilter(null, null, null, null, null);
    }
}
