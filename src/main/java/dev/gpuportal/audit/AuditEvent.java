package dev.gpuportal.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One recorded change: who did what to which object of which tenant, with the state before and after. */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(nullable = false, length = 200)
    private String actor;

    @Column(nullable = false, length = 40)
    private String action;

    @Column(name = "entity_type", nullable = false, length = 40)
    private String entityType;

    @Column(name = "entity_key", nullable = false, length = 200)
    private String entityKey;

    @Column(name = "tenant_slug", length = 63)
    private String tenantSlug;

    @Column(name = "before_state", length = 65535)
    private String beforeState;

    @Column(name = "after_state", length = 65535)
    private String afterState;

    protected AuditEvent() {}

    AuditEvent(
            Instant occurredAt,
            String actor,
            String action,
            String entityType,
            String entityKey,
            String tenantSlug,
            String beforeState,
            String afterState) {
        this.occurredAt = occurredAt;
        this.actor = actor;
        this.action = action;
        this.entityType = entityType;
        this.entityKey = entityKey;
        this.tenantSlug = tenantSlug;
        this.beforeState = beforeState;
        this.afterState = afterState;
    }

    public Long getId() {
        return id;
    }

    public Instant getOccurredAt() {
        return occurredAt;
    }

    public String getActor() {
        return actor;
    }

    public String getAction() {
        return action;
    }

    public String getEntityType() {
        return entityType;
    }

    public String getEntityKey() {
        return entityKey;
    }

    public String getTenantSlug() {
        return tenantSlug;
    }

    public String getBeforeState() {
        return beforeState;
    }

    public String getAfterState() {
        return afterState;
    }
}
