package dev.gpuportal.metrics;

import dev.gpuportal.gpu.GpuAmount;

/** One cluster's GPUs of one product, in GPU-equivalents: what the nodes offer, what is handed out, used, idle. */
public record FleetRow(
        String cluster,
        String gpuModel,
        GpuAmount capacity,
        GpuAmount allocated,
        double used,
        GpuAmount idleAllocated) {}
