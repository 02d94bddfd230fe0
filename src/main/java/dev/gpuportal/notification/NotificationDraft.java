package dev.gpuportal.notification;

/** What to tell whom about a workload; {@code link} is the portal path of the page to open ("workloads/12"). */
public record NotificationDraft(
        String recipient, long workloadId, String tenantSlug, String title, String body, String link) {}
