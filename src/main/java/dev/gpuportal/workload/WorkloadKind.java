package dev.gpuportal.workload;

/** The three things a data scientist can ask for. */
public enum WorkloadKind {
    NOTEBOOK("Notebook"),
    TRAINING_JOB("Training job"),
    INFERENCE_ENDPOINT("Inference endpoint");

    private final String label;

    WorkloadKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
