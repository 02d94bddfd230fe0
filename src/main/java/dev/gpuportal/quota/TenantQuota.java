package dev.gpuportal.quota;

import dev.gpuportal.gpu.GpuAmount;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.annotations.Fetch;
import org.hibernate.annotations.FetchMode;

/** What a tenant may use at once: GPU-equivalents (with optional per-profile caps), CPU, memory, storage. */
@Entity
@Table(name = "tenant_quota")
public class TenantQuota {

    @Id
    @Column(name = "tenant_id")
    private Long tenantId;

    @Column(name = "gpu_numerator", nullable = false)
    private long gpuNumerator;

    @Column(name = "gpu_denominator", nullable = false)
    private long gpuDenominator = 1;

    @Column(name = "cpu_millis", nullable = false)
    private long cpuMillis;

    @Column(name = "memory_bytes", nullable = false)
    private long memoryBytes;

    @Column(name = "storage_bytes", nullable = false)
    private long storageBytes;

    @Column(name = "max_workloads", nullable = false)
    private int maxWorkloads;

    /** Minutes a notebook may sit idle before it is stopped; 0 never, null the portal's default. */
    @Column(name = "notebook_idle_minutes")
    private Integer notebookIdleMinutes;

    /**
     * Profile id → most units of that profile the tenant may hold at once. Read for every quota of a query at once:
     * one by one, the quota console's read of 1,000 tenants' quotas was 1,000 more statements.
     */
    @ElementCollection(fetch = FetchType.EAGER)
    @Fetch(FetchMode.SUBSELECT)
    @CollectionTable(name = "quota_profile_cap", joinColumns = @JoinColumn(name = "tenant_id"))
    @MapKeyColumn(name = "profile_id")
    @Column(name = "max_count", nullable = false)
    private Map<Long, Integer> profileCaps = new HashMap<>();

    /** GPU-equivalents the tenant may borrow where GPUs are shared; null: the default (its own quota again). */
    @Column(name = "borrowing_numerator")
    private Long borrowingNumerator;

    @Column(name = "borrowing_denominator")
    private Long borrowingDenominator;

    /** GPU-equivalents of its idle quota the tenant lends; null: the default (everything). */
    @Column(name = "lending_numerator")
    private Long lendingNumerator;

    @Column(name = "lending_denominator")
    private Long lendingDenominator;

    @Column(name = "updated_by", length = 200)
    private String updatedBy;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Version
    private long version;

    protected TenantQuota() {}

    TenantQuota(Long tenantId) {
        this.tenantId = tenantId;
    }

    void apply(QuotaLimits limits, String user, Instant now) {
        this.gpuNumerator = limits.gpus().numerator();
        this.gpuDenominator = limits.gpus().denominator();
        this.cpuMillis = limits.cpuMillis();
        this.memoryBytes = limits.memoryBytes();
        this.storageBytes = limits.storageBytes();
        this.maxWorkloads = limits.maxWorkloads();
        this.notebookIdleMinutes = limits.notebookIdleLimit() == null
                ? null
                : (int) limits.notebookIdleLimit().toMinutes();
        this.profileCaps.clear();
        this.profileCaps.putAll(limits.profileCaps());
        this.updatedBy = user;
        this.updatedAt = now;
    }

    void applySharing(SharingLimits sharing, String user, Instant now) {
        this.borrowingNumerator =
                sharing.borrowing() == null ? null : sharing.borrowing().numerator();
        this.borrowingDenominator =
                sharing.borrowing() == null ? null : sharing.borrowing().denominator();
        this.lendingNumerator =
                sharing.lending() == null ? null : sharing.lending().numerator();
        this.lendingDenominator =
                sharing.lending() == null ? null : sharing.lending().denominator();
        this.updatedBy = user;
        this.updatedAt = now;
    }

    public SharingLimits sharing() {
        return new SharingLimits(
                borrowingNumerator == null ? null : GpuAmount.of(borrowingNumerator, borrowingDenominator),
                lendingNumerator == null ? null : GpuAmount.of(lendingNumerator, lendingDenominator));
    }

    public Long getTenantId() {
        return tenantId;
    }

    public QuotaLimits limits() {
        return new QuotaLimits(
                GpuAmount.of(gpuNumerator, gpuDenominator),
                Map.copyOf(profileCaps),
                cpuMillis,
                memoryBytes,
                storageBytes,
                maxWorkloads,
                notebookIdleMinutes == null ? null : java.time.Duration.ofMinutes(notebookIdleMinutes));
    }

    public String getUpdatedBy() {
        return updatedBy;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public long getVersion() {
        return version;
    }
}
