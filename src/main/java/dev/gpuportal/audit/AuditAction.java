package dev.gpuportal.audit;

/** What happened to an object. */
public enum AuditAction {
    CREATE,
    UPDATE,
    DELETE,
    ARCHIVE,
    RESTORE,
    /** Someone was handed a way in, e.g. a kubeconfig of a tenant's cluster. */
    ACCESS
}
