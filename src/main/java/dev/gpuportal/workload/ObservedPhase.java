package dev.gpuportal.workload;

/** What Kubernetes reports, in the portal's words. */
public enum ObservedPhase {
    UNKNOWN,
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    STOPPED
}
