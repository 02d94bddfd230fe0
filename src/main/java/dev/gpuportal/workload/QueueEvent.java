package dev.gpuportal.workload;

import java.time.Instant;

/**
 * What the queue manager (Kueue) did to a queued training job, as the status observer read it from Kueue's Workload:
 * it was preempted to give GPUs back to {@code clusterQueue} (the tenant that reclaimed them), or admitted again
 * after a preemption. {@code at} is when Kueue did it; together with {@code queueWorkload} it tells one event from
 * another, so each is recorded once however often it is read.
 */
public record QueueEvent(Kind kind, Instant at, String queueWorkload, String clusterQueue, String tenant, String why) {

    public enum Kind {
        PREEMPTED,
        READMITTED
    }
}
