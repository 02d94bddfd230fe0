package dev.gpuportal.cluster.workloads;

import dev.gpuportal.workload.QueueEvent;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The preemption a Kueue Workload shows, or its admission after one, read from its Evicted condition: Kueue sets it
 * True with reason "Preempted" and a message naming the preemptor's ClusterQueue when it takes the GPUs back, and
 * False with reason "QuotaReserved" ("Previously: ...") when it admits the workload again. The condition's transition
 * time tells one event from the next. Pure.
 */
final class QueueEvents {

    private static final Pattern PREEMPTOR_PATH = Pattern.compile("preemptor path: (\\S+?);");
    private static final Pattern DUE_TO = Pattern.compile("\\) due to ([^;]+);");

    private QueueEvents() {}

    /** The last thing Kueue did to this workload, if it was a preemption or an admission after one. */
    static Optional<QueueEvent> of(GenericKubernetesResource workload, Function<String, String> tenantOfQueue) {
        Optional<Map<String, Object>> evicted = QueueStatus.condition(workload, "Evicted");
        if (evicted.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> condition = evicted.get();
        String message = String.valueOf(condition.getOrDefault("message", ""));
        Optional<Instant> at = time(condition.get("lastTransitionTime"));
        String preemptor = preemptorQueue(message);
        if (at.isEmpty() || preemptor == null) {
            return Optional.empty();
        }
        String name = workload.getMetadata().getName();
        if ("True".equals(condition.get("status")) && "Preempted".equals(condition.get("reason"))) {
            return Optional.of(new QueueEvent(
                    QueueEvent.Kind.PREEMPTED,
                    at.get(),
                    name,
                    preemptor,
                    tenantOfQueue.apply(preemptor),
                    why(message)));
        }
        if ("False".equals(condition.get("status"))
                && "QuotaReserved".equals(condition.get("reason"))
                && message.startsWith("Previously: Preempted")) {
            String own = admittedQueue(workload);
            return Optional.of(new QueueEvent(
                    QueueEvent.Kind.READMITTED,
                    at.get(),
                    name,
                    own,
                    null,
                    "Admitted again in " + own + " after " + preemptor + " had reclaimed its GPUs"));
        }
        return Optional.empty();
    }

    /** The preemptor's ClusterQueue: the last part of its path in the cohort ("/gpu-portal/gpu-portal-a"). */
    static String preemptorQueue(String message) {
        Matcher path = PREEMPTOR_PATH.matcher(message);
        if (!path.find()) {
            return null;
        }
        String value = path.group(1);
        return value.substring(value.lastIndexOf('/') + 1);
    }

    private static String why(String message) {
        Matcher due = DUE_TO.matcher(message);
        return due.find() ? "Preempted for " + due.group(1).strip() : "Preempted";
    }

    @SuppressWarnings("unchecked")
    private static String admittedQueue(GenericKubernetesResource workload) {
        if (workload.getAdditionalProperties().get("status") instanceof Map<?, ?> status
                && status.get("admission") instanceof Map<?, ?> admission
                && admission.get("clusterQueue") != null) {
            return String.valueOf(((Map<String, Object>) admission).get("clusterQueue"));
        }
        return "its queue";
    }

    private static Optional<Instant> time(Object value) {
        try {
            return value == null ? Optional.empty() : Optional.of(Instant.parse(String.valueOf(value)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
