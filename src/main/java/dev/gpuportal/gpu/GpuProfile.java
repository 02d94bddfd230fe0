package dev.gpuportal.gpu;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** One entry of the GPU catalog: what a user can ask for, and what it costs in GPU-equivalents. */
@Entity
@Table(name = "gpu_profile")
public class GpuProfile {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 63)
    private String name;

    @Column(name = "display_name", nullable = false, length = 120)
    private String displayName;

    @Column(name = "short_label", nullable = false, length = 40)
    private String shortLabel;

    @Column(name = "gpu_model", nullable = false, length = 120)
    private String gpuModel;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private GpuProfileKind kind;

    @Column(name = "resource_name", nullable = false, length = 253)
    private String resourceName;

    @Column(name = "equivalent_numerator", nullable = false)
    private long equivalentNumerator;

    @Column(name = "equivalent_denominator", nullable = false)
    private long equivalentDenominator;

    @Column(nullable = false)
    private boolean enabled = true;

    @Version
    private long version;

    protected GpuProfile() {}

    GpuProfile(GpuProfileDraft draft) {
        apply(draft);
    }

    void apply(GpuProfileDraft draft) {
        this.name = draft.name().strip();
        this.displayName = draft.displayName().strip();
        this.shortLabel = draft.shortLabel().strip();
        this.gpuModel = draft.gpuModel().strip();
        this.kind = draft.kind();
        this.resourceName = draft.resourceName().strip();
        GpuAmount equivalent = GpuAmount.parse(draft.equivalent());
        this.equivalentNumerator = equivalent.numerator();
        this.equivalentDenominator = equivalent.denominator();
        this.enabled = draft.enabled();
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getDisplayName() {
        return displayName;
    }

    public String getShortLabel() {
        return shortLabel;
    }

    public String getGpuModel() {
        return gpuModel;
    }

    public GpuProfileKind getKind() {
        return kind;
    }

    public String getResourceName() {
        return resourceName;
    }

    public GpuAmount getEquivalent() {
        return GpuAmount.of(equivalentNumerator, equivalentDenominator);
    }

    public boolean isEnabled() {
        return enabled;
    }

    public long getVersion() {
        return version;
    }

    public GpuProfileDraft toDraft() {
        return new GpuProfileDraft(
                name,
                displayName,
                shortLabel,
                gpuModel,
                kind,
                resourceName,
                getEquivalent().toFractionString(),
                enabled);
    }
}
