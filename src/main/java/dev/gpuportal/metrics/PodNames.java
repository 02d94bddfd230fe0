package dev.gpuportal.metrics;

import dev.gpuportal.workload.WorkloadKind;
import java.util.regex.Pattern;

/**
 * Which pods belong to a workload, by the names Kubernetes gives them: a notebook's StatefulSet pod {@code name-0},
 * a Job's pods {@code name-<5>} or {@code name-<index>-<5>}, a Deployment's {@code name-<hash>-<5>}. Exact patterns,
 * so that workload "a" never claims the pods of workload "a-b". Pure.
 */
final class PodNames {

    private PodNames() {}

    static String regex(WorkloadKind kind, String workload) {
        return switch (kind) {
            case NOTEBOOK -> workload + "-0";
            case TRAINING_JOB -> workload + "-([0-9]+-)?[a-z0-9]{5}";
            case INFERENCE_ENDPOINT -> workload + "-[a-z0-9]{5,10}-[a-z0-9]{5}";
        };
    }

    static boolean belongs(WorkloadKind kind, String workload, String pod) {
        return Pattern.matches(regex(kind, workload), pod);
    }
}
