package dev.gpuportal.workload;

/**
 * How far the clusters are behind the database: workloads that changed and wait for their Kubernetes objects to be
 * written. Implemented where they are written; submissions are refused as busy while it is full, so a burst meets a
 * clear "retry" instead of an unbounded wait for its objects.
 */
public interface ApplyBacklog {

    /** Changed workloads waiting to be applied. */
    int waiting();

    /** How many may wait before new submissions are refused as busy. */
    int limit();
}
