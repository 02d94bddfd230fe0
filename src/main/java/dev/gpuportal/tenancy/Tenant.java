package dev.gpuportal.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A team that shares GPUs: it gets namespaces, a quota and members. Its slug names it in Kubernetes. */
@Entity
@Table(name = "tenant")
public class Tenant {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 40)
    private String slug;

    @Column(name = "display_name", nullable = false, length = 120)
    private String displayName;

    @Column(length = 1000)
    private String description;

    @Enumerated(EnumType.STRING)
    @Column(name = "isolation_tier", nullable = false, length = 20)
    private IsolationTier isolationTier = IsolationTier.SHARED;

    /** Comma-separated region names; data may only be placed there. */
    @Column(name = "allowed_regions", nullable = false, length = 1000)
    private String allowedRegions = "";

    /** Comma-separated names of the clusters the tenant lives on. */
    @Column(nullable = false, length = 2000)
    private String clusters = "";

    /** Kubernetes version of a dedicated tenant's virtual cluster; null: the portal's default. */
    @Column(name = "kubernetes_version", length = 20)
    private String kubernetesVersion;

    /** Comma-separated node pools of the host cluster that serve only this (dedicated) tenant. */
    @Column(name = "node_pools", nullable = false, length = 1000)
    private String nodePools = "";

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private TenantStatus status = TenantStatus.ACTIVE;

    @Column(name = "managed_by_file", nullable = false)
    private boolean managedByFile;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Tenant() {}

    Tenant(TenantDraft draft, Instant now) {
        this.slug = draft.slug().strip();
        this.createdAt = now;
        apply(draft, now);
    }

    /** Takes what the draft says; the change time (and so the version) moves only when something changed. */
    void apply(TenantDraft draft, Instant now) {
        List<Object> before = settings();
        this.displayName = draft.displayName().strip();
        this.description =
                draft.description() == null ? null : draft.description().strip();
        this.isolationTier = draft.isolationTier() == null ? IsolationTier.SHARED : draft.isolationTier();
        this.allowedRegions = String.join(
                ",", draft.allowedRegions().stream().map(String::strip).toList());
        boolean dedicated = isolationTier == IsolationTier.DEDICATED;
        this.kubernetesVersion = dedicated && !draft.kubernetesVersion().isEmpty() ? draft.kubernetesVersion() : null;
        this.nodePools = dedicated
                ? String.join(",", draft.nodePools().stream().map(String::strip).toList())
                : "";
        touchIfChanged(before, now);
    }

    void setClusters(List<String> clusterNames, Instant now) {
        List<Object> before = settings();
        this.clusters = String.join(",", clusterNames);
        touchIfChanged(before, now);
    }

    private List<Object> settings() {
        return Arrays.asList(
                displayName, description, isolationTier, allowedRegions, kubernetesVersion, nodePools, clusters);
    }

    private void touchIfChanged(List<Object> before, Instant now) {
        if (updatedAt == null || !settings().equals(before)) {
            this.updatedAt = now;
        }
    }

    void setStatus(TenantStatus status, Instant now) {
        this.status = status;
        this.updatedAt = now;
    }

    void setManagedByFile(boolean managedByFile) {
        this.managedByFile = managedByFile;
    }

    public Long getId() {
        return id;
    }

    public String getSlug() {
        return slug;
    }

    public String getDisplayName() {
        return displayName;
    }

    public String getDescription() {
        return description;
    }

    /** The Kubernetes version asked for a dedicated tenant's virtual cluster, if not the portal's default. */
    public java.util.Optional<String> getKubernetesVersion() {
        return java.util.Optional.ofNullable(kubernetesVersion);
    }

    public List<String> getNodePools() {
        return nodePools.isEmpty() ? List.of() : List.of(nodePools.split(","));
    }

    public boolean isDedicated() {
        return isolationTier == IsolationTier.DEDICATED;
    }

    public IsolationTier getIsolationTier() {
        return isolationTier;
    }

    public List<String> getAllowedRegions() {
        return allowedRegions.isBlank() ? List.of() : Arrays.asList(allowedRegions.split(","));
    }

    public List<String> getClusters() {
        return clusters.isBlank() ? List.of() : Arrays.asList(clusters.split(","));
    }

    public TenantStatus getStatus() {
        return status;
    }

    public boolean isArchived() {
        return status == TenantStatus.ARCHIVED;
    }

    public boolean isManagedByFile() {
        return managedByFile;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public long getVersion() {
        return version;
    }

    public TenantDraft toDraft() {
        return new TenantDraft(
                slug,
                displayName,
                description,
                isolationTier,
                getAllowedRegions(),
                kubernetesVersion == null ? "" : kubernetesVersion,
                getNodePools());
    }
}
