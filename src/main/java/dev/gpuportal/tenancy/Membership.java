package dev.gpuportal.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** Gives a user, or everyone in an identity-provider group, a role in a tenant. */
@Entity
@Table(name = "membership")
public class Membership {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "tenant_id")
    private Tenant tenant;

    @Enumerated(EnumType.STRING)
    @Column(name = "subject_type", nullable = false, length = 10)
    private SubjectType subjectType;

    @Column(nullable = false, length = 200)
    private String subject;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private TenantRole role;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Membership() {}

    Membership(Tenant tenant, SubjectType subjectType, String subject, TenantRole role, Instant now) {
        this.tenant = tenant;
        this.subjectType = subjectType;
        this.subject = subject;
        this.role = role;
        this.createdAt = now;
    }

    public Long getId() {
        return id;
    }

    public Tenant getTenant() {
        return tenant;
    }

    public SubjectType getSubjectType() {
        return subjectType;
    }

    public String getSubject() {
        return subject;
    }

    public TenantRole getRole() {
        return role;
    }

    void setRole(TenantRole role) {
        this.role = role;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public MembershipView view() {
        return new MembershipView(id, tenant.getSlug(), subjectType, subject, role);
    }
}
