package dev.gpuportal.gpu;

/** How a profile shares a physical GPU. */
public enum GpuProfileKind {
    /** One or more whole GPUs ({@code nvidia.com/gpu}). */
    WHOLE("Whole GPU"),
    /** A Multi-Instance GPU slice in the mixed strategy ({@code nvidia.com/mig-<g>g.<mem>gb}). */
    MIG("MIG slice"),
    /** A time-sliced share of one GPU ({@code nvidia.com/gpu.shared}), 1/replicas of it. */
    TIME_SLICED("Time-sliced share");

    private final String label;

    GpuProfileKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
