package dev.gpuportal.notification;

/** What a notification is about. */
public enum NotificationKind {
    /** A workload's GPUs stayed under the admins' utilisation threshold for their time. */
    GPU_IDLE,
    /** A notebook with an active kernel but an idle GPU: a smaller profile is offered instead of a stop. */
    SMALLER_PROFILE
}
