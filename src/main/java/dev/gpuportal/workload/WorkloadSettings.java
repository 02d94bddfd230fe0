package dev.gpuportal.workload;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Admin settings for workloads: the curated images offered in the forms, the registries custom images may come
 * from, and the idle limit after which notebooks are stopped.
 */
@ConfigurationProperties("gpu-portal.workloads")
public record WorkloadSettings(
        List<String> notebookImages,
        List<String> trainingImages,
        List<String> inferenceImages,
        List<String> allowedRegistries,
        java.time.Duration notebookIdleLimit) {

    public WorkloadSettings {
        notebookImages = orDefault(
                notebookImages,
                List.of(
                        "quay.io/jupyter/pytorch-notebook:cuda12-2026-11-02",
                        "quay.io/jupyter/scipy-notebook:2026-11-02"));
        trainingImages = orDefault(trainingImages, List.of("nvcr.io/nvidia/pytorch:26.10-py3"));
        inferenceImages = orDefault(
                inferenceImages,
                List.of("nvcr.io/nvidia/tritonserver:26.10-py3", "docker.io/vllm/vllm-openai:v0.12.0"));
        allowedRegistries =
                orDefault(allowedRegistries, List.of("quay.io/jupyter/", "nvcr.io/nvidia/", "docker.io/vllm/"));
        notebookIdleLimit = notebookIdleLimit == null ? java.time.Duration.ofHours(4) : notebookIdleLimit;
    }

    private static List<String> orDefault(List<String> value, List<String> fallback) {
        return value == null || value.isEmpty() ? fallback : List.copyOf(value);
    }

    List<String> imagesFor(WorkloadKind kind) {
        return switch (kind) {
            case NOTEBOOK -> notebookImages;
            case TRAINING_JOB -> trainingImages;
            case INFERENCE_ENDPOINT -> inferenceImages;
        };
    }
}
