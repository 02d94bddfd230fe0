package dev.gpuportal.workload;

/** What the user asked for; the reconciler drives Kubernetes towards it. */
public enum DesiredState {
    RUNNING,
    STOPPED,
    DELETED
}
