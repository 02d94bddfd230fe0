package dev.gpuportal.metrics;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** The one row of admin settings for metrics. */
@Entity
@Table(name = "metrics_settings")
class MetricsSettingsRow {

    static final int ID = 1;

    @Id
    private Integer id = ID;

    @Column(name = "idle_threshold_percent", nullable = false)
    private int idleThresholdPercent;

    @Column(name = "idle_minutes", nullable = false)
    private int idleMinutes;

    @Version
    private long version;

    protected MetricsSettingsRow() {}

    int idleThresholdPercent() {
        return idleThresholdPercent;
    }

    int idleMinutes() {
        return idleMinutes;
    }

    void set(int thresholdPercent, int minutes) {
        this.idleThresholdPercent = thresholdPercent;
        this.idleMinutes = minutes;
    }
}
