package dev.gpuportal.audit;

import java.time.Instant;

/**
 * Which audit events to list; null (or blank) fields do not filter. {@code objectName} matches part of the object's
 * key, ignoring case; the others match exactly.
 */
public record AuditFilter(
        String actor,
        String tenantSlug,
        String entityType,
        AuditAction action,
        String objectName,
        Instant from,
        Instant to) {

    public AuditFilter(String actor, String tenantSlug, String entityType, Instant from, Instant to) {
        this(actor, tenantSlug, entityType, null, null, from, to);
    }

    public static AuditFilter all() {
        return new AuditFilter(null, null, null, null, null, null, null);
    }
}
