package dev.gpuportal.audit;

/** What happened to an object. */
public enum AuditAction {
    CREATE,
    UPDATE,
    DELETE,
    ARCHIVE,
    RESTORE
}
