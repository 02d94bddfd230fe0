package dev.gpuportal.audit;

/** What happened to an object. */
public enum AuditAction {
    CREATE,
    UPDATE,
    DELETE,
    ARCHIVE,
    RESTORE,
    /** Someone was handed a way in, e.g. a kubeconfig of a tenant's cluster. */
    ACCESS,
    /** The queue manager took a running job's GPUs back for another tenant; the job waits in the queue again. */
    PREEMPT,
    /** The queue manager admitted a preempted job again. */
    READMIT
}
