package dev.gpuportal.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One notification of one person; {@code episodeOpen} while the idle episode it told of lasts. */
@Entity
@Table(name = "notification")
class PortalNotification {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 200)
    private String recipient;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 40)
    private NotificationKind kind;

    @Column(name = "workload_id")
    private Long workloadId;

    @Column(name = "tenant_slug", nullable = false, length = 63)
    private String tenantSlug;

    @Column(nullable = false, length = 200)
    private String title;

    @Column(nullable = false, length = 2000)
    private String body;

    @Column(nullable = false, length = 500)
    private String link;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "read_at")
    private Instant readAt;

    @Column(name = "episode_open", nullable = false)
    private boolean episodeOpen;

    protected PortalNotification() {}

    PortalNotification(NotificationKind kind, NotificationDraft draft, Instant now) {
        this.recipient = draft.recipient();
        this.kind = kind;
        this.workloadId = draft.workloadId();
        this.tenantSlug = draft.tenantSlug();
        this.title = shortened(draft.title(), 200);
        this.body = shortened(draft.body(), 2000);
        this.link = draft.link();
        this.createdAt = now;
        this.episodeOpen = true;
    }

    private static String shortened(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    void markRead(Instant now) {
        if (readAt == null) {
            readAt = now;
        }
    }

    void closeEpisode() {
        episodeOpen = false;
    }

    Long getId() {
        return id;
    }

    String getRecipient() {
        return recipient;
    }

    Long getWorkloadId() {
        return workloadId;
    }

    NotificationView view() {
        return new NotificationView(id, kind, tenantSlug, workloadId, title, body, link, createdAt, readAt != null);
    }
}
