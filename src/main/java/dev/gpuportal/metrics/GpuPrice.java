package dev.gpuportal.metrics;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** What one GPU-hour of a product costs, for showback. */
@Entity
@Table(name = "gpu_price")
class GpuPrice {

    @Id
    @Column(name = "gpu_model", length = 120)
    private String gpuModel;

    @Column(name = "price_per_gpu_hour", nullable = false, precision = 12, scale = 4)
    private BigDecimal pricePerGpuHour;

    protected GpuPrice() {}

    GpuPrice(String gpuModel, BigDecimal pricePerGpuHour) {
        this.gpuModel = gpuModel;
        this.pricePerGpuHour = pricePerGpuHour;
    }

    String gpuModel() {
        return gpuModel;
    }

    BigDecimal pricePerGpuHour() {
        return pricePerGpuHour;
    }
}
