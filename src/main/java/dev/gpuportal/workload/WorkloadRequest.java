package dev.gpuportal.workload;

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
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A notebook, training job or inference endpoint a user asked for: the desired state the reconciler applies, and
 * the state it last observed. Kind-specific settings (image, command, ports, …) are kept typed in {@code spec}, a JSON
 * column.
 */
@Entity
@Table(name = "workload_request")
public class WorkloadRequest {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "tenant_id", nullable = false)
    private Long tenantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 30)
    private WorkloadKind kind;

    @Column(nullable = false, length = 63)
    private String name;

    @Column(nullable = false, length = 200)
    private String owner;

    /** The GPU profile, or null for a CPU-only workload. */
    @Column(name = "gpu_profile_id")
    private Long gpuProfileId;

    /** GPU units per pod. */
    @Column(name = "gpu_count", nullable = false)
    private int gpuCount;

    /** Pods: 1 for a notebook, workers for a training job, max replicas for an endpoint. */
    @Column(nullable = false)
    private int pods = 1;

    @Column(name = "cpu_millis", nullable = false)
    private long cpuMillis;

    @Column(name = "memory_bytes", nullable = false)
    private long memoryBytes;

    @Column(name = "storage_bytes", nullable = false)
    private long storageBytes;

    /** The kind's settings, stored as a JSON document (typed by its "kind" property). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private WorkloadSpec spec;

    @Enumerated(EnumType.STRING)
    @Column(name = "desired_state", nullable = false, length = 20)
    private DesiredState desiredState = DesiredState.RUNNING;

    @Enumerated(EnumType.STRING)
    @Column(name = "observed_phase", nullable = false, length = 20)
    private ObservedPhase observedPhase = ObservedPhase.UNKNOWN;

    @Column(name = "observed_reason", length = 2000)
    private String observedReason;

    @Column(name = "idempotency_key", length = 200)
    private String idempotencyKey;

    @Column(name = "observed_at")
    private Instant observedAt;

    @Column(name = "restarted_at")
    private Instant restartedAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected WorkloadRequest() {}

    WorkloadRequest(Long tenantId, String name, String owner, WorkloadSpec spec, Long gpuProfileId, Instant now) {
        this.tenantId = tenantId;
        this.kind = switch (spec) {
            case WorkloadSpec.Notebook n -> WorkloadKind.NOTEBOOK;
            case WorkloadSpec.Training t -> WorkloadKind.TRAINING_JOB;
            case WorkloadSpec.Inference i -> WorkloadKind.INFERENCE_ENDPOINT;
        };
        this.name = name;
        this.owner = owner;
        this.gpuProfileId = gpuProfileId;
        this.gpuCount = spec.gpuCount();
        this.pods = spec.pods();
        this.cpuMillis = spec.cpuMillis();
        this.memoryBytes = spec.memoryBytes();
        this.storageBytes = spec.storageBytes();
        this.spec = spec;
        this.observedPhase = ObservedPhase.PENDING;
        this.observedReason = "Submitted";
        this.createdAt = now;
        this.updatedAt = now;
    }

    void idempotencyKey(String key) {
        this.idempotencyKey = key;
    }

    void desire(DesiredState state, Instant now) {
        this.desiredState = state;
        this.updatedAt = now;
    }

    void restart(Instant now) {
        this.restartedAt = now;
        this.updatedAt = now;
    }

    /** Moves the workload to other GPUs (spec already changed to them) and restarts it there. */
    void changeGpus(WorkloadSpec spec, Long gpuProfileId, Instant now) {
        this.spec = spec;
        this.gpuProfileId = gpuProfileId;
        this.gpuCount = spec.gpuCount();
        restart(now);
    }

    /** Records what Kubernetes reports; returns whether anything changed. */
    boolean observe(ObservedPhase phase, String reason, Instant now) {
        String r = storedReason(reason);
        if (phase == observedPhase && java.util.Objects.equals(r, observedReason)) {
            return false;
        }
        this.observedPhase = phase;
        this.observedReason = r;
        this.observedAt = now;
        return true;
    }

    /** A reason as the column holds it (at most 2,000 characters). */
    static String storedReason(String reason) {
        return reason == null ? null : reason.length() > 2000 ? reason.substring(0, 2000) : reason;
    }

    public Long getId() {
        return id;
    }

    public Long getTenantId() {
        return tenantId;
    }

    public WorkloadKind getKind() {
        return kind;
    }

    public String getName() {
        return name;
    }

    public String getOwner() {
        return owner;
    }

    public Long getGpuProfileId() {
        return gpuProfileId;
    }

    public int getGpuCount() {
        return gpuCount;
    }

    public int getPods() {
        return pods;
    }

    public long getCpuMillis() {
        return cpuMillis;
    }

    public long getMemoryBytes() {
        return memoryBytes;
    }

    public long getStorageBytes() {
        return storageBytes;
    }

    public WorkloadSpec getSpec() {
        return spec;
    }

    public DesiredState getDesiredState() {
        return desiredState;
    }

    public ObservedPhase getObservedPhase() {
        return observedPhase;
    }

    public String getObservedReason() {
        return observedReason;
    }

    public Instant getObservedAt() {
        return observedAt;
    }

    public Instant getRestartedAt() {
        return restartedAt;
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
}
