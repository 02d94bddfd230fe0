package dev.gpuportal.quota;

import dev.gpuportal.gpu.GpuAmount;

/** GPU quotas of the same denominator summed by the database: exact, where a sum of decimals would not be. */
record QuotaFractionSum(long denominator, long numerators) {

    GpuAmount amount() {
        return GpuAmount.of(numerators, denominator);
    }
}
