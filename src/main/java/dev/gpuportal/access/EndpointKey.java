package dev.gpuportal.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A key of an inference endpoint: its name, who made it, the hash of its secret, and whether it was revoked. */
@Entity
@Table(name = "endpoint_key")
class EndpointKey {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "workload_id", nullable = false)
    private Long workloadId;

    @Column(name = "public_id", nullable = false, length = 16)
    private String publicId;

    @Column(nullable = false, length = 63)
    private String name;

    @Column(name = "secret_hash", nullable = false, length = 64)
    private String secretHash;

    @Column(name = "created_by", nullable = false, length = 200)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "revoked_by", length = 200)
    private String revokedBy;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected EndpointKey() {}

    EndpointKey(Long workloadId, String publicId, String name, String secretHash, String createdBy, Instant createdAt) {
        this.workloadId = workloadId;
        this.publicId = publicId;
        this.name = name;
        this.secretHash = secretHash;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    void revoke(String by, Instant at) {
        this.revokedBy = by;
        this.revokedAt = at;
    }

    boolean revoked() {
        return revokedAt != null;
    }

    Long getId() {
        return id;
    }

    Long getWorkloadId() {
        return workloadId;
    }

    String getPublicId() {
        return publicId;
    }

    String getName() {
        return name;
    }

    String getSecretHash() {
        return secretHash;
    }

    EndpointKeyView view() {
        return new EndpointKeyView(
                id, name, EndpointKeySecrets.PREFIX + publicId + "_…", createdBy, createdAt, revokedBy, revokedAt);
    }
}
