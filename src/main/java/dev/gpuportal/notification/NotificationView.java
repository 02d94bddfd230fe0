package dev.gpuportal.notification;

import java.time.Instant;

/** A notification as the header list and the API show it. */
public record NotificationView(
        long id,
        NotificationKind kind,
        String tenant,
        Long workloadId,
        String title,
        String body,
        String link,
        Instant createdAt,
        boolean read) {}
