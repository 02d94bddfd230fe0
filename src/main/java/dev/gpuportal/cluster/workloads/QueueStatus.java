package dev.gpuportal.cluster.workloads;

import dev.gpuportal.cluster.workloads.WorkloadStatus.Observation;
import dev.gpuportal.workload.ObservedPhase;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a queued training job stands in Kueue, in plain words: its position among the waiting jobs of its tenant's
 * queue (in the order Kueue admits them: higher priority first, then the older), why Kueue has not admitted it yet,
 * and, after a preemption, which tenant took its GPUs back and that it resumes by itself. Read from Kueue's Workload
 * objects (one per queued Job). Pure.
 */
final class QueueStatus {

    private static final Pattern UNUSED =
            Pattern.compile("insufficient unused quota for (\\S+) in flavor \\S+, (\\S+) more needed");
    private static final Pattern NEVER = Pattern.compile("insufficient quota for (\\S+) in flavor");
    private static final Pattern PREEMPTOR_UID =
            Pattern.compile("Preempted to accommodate a workload \\(UID: ([^,)]+)");

    private QueueStatus() {}

    /**
     * The job's standing while Kueue holds it (not admitted), else empty and the pods tell. {@code tenantOf} names the
     * tenant of a namespace.
     */
    static Optional<Observation> of(
            Job job, List<GenericKubernetesResource> workloads, Function<String, String> tenantOf) {
        if (job == null
                || job.getMetadata().getLabels() == null
                || !job.getMetadata().getLabels().containsKey(WorkloadManifests.KUEUE_QUEUE)) {
            return Optional.empty();
        }
        Optional<GenericKubernetesResource> own = ownWorkload(job, workloads);
        boolean suspended =
                job.getSpec() != null && Boolean.TRUE.equals(job.getSpec().getSuspend());
        if (own.isEmpty()) {
            return suspended
                    ? Optional.of(new Observation(
                            ObservedPhase.PENDING,
                            "Waiting for the queue manager: Kueue has not taken the job in yet (it is kept and runs"
                                    + " once Kueue is back)"))
                    : Optional.empty();
        }
        GenericKubernetesResource workload = own.get();
        if (!pending(workload)) {
            return Optional.empty();
        }
        List<GenericKubernetesResource> queue = workloads.stream()
                .filter(w -> Objects.equals(
                        w.getMetadata().getNamespace(), workload.getMetadata().getNamespace()))
                .filter(w -> Objects.equals(queueName(w), queueName(workload)))
                .filter(QueueStatus::pending)
                .sorted(KUEUE_ORDER)
                .toList();
        int position = queue.indexOf(workload) + 1;
        String place = "position " + position + " of " + queue.size() + " in the queue";
        Optional<Map<String, Object>> preempted = condition(workload, "Evicted")
                .filter(c -> "True".equals(c.get("status")) && "Preempted".equals(c.get("reason")));
        if (preempted.isPresent()) {
            String by = preemptor(String.valueOf(preempted.get().get("message")), workloads, tenantOf);
            return Optional.of(new Observation(
                    ObservedPhase.PENDING,
                    "Preempted: " + by + " took back its guaranteed GPUs. It resumes by itself when GPUs are free ("
                            + place + "); its checkpoint volume is kept"));
        }
        return Optional.of(
                new Observation(ObservedPhase.PENDING, "Waiting in the queue: " + place + ". " + why(workload)));
    }

    /** Kueue's Workload of the job, if Kueue has made one. */
    static Optional<GenericKubernetesResource> ownWorkload(Job job, List<GenericKubernetesResource> workloads) {
        return workloads.stream()
                .filter(w -> Objects.equals(
                        w.getMetadata().getNamespace(), job.getMetadata().getNamespace()))
                .filter(w -> ownedBy(w, job))
                .findFirst();
    }

    /** Kueue's order of admission within a queue: higher priority first, then the older, then by name. */
    static final Comparator<GenericKubernetesResource> KUEUE_ORDER = Comparator.comparing(
                    (GenericKubernetesResource w) -> -priority(w))
            .thenComparing(w -> String.valueOf(w.getMetadata().getCreationTimestamp()))
            .thenComparing(w -> w.getMetadata().getName());

    /** Kueue's reason for not admitting it, in plain words. */
    static String why(GenericKubernetesResource workload) {
        Optional<Map<String, Object>> reserved = condition(workload, "QuotaReserved");
        if (reserved.isEmpty()) {
            return "Kueue has not looked at it yet";
        }
        String message = String.valueOf(reserved.get().getOrDefault("message", ""));
        Matcher unused = UNUSED.matcher(message);
        if (unused.find()) {
            return "Every " + unused.group(1) + " the tenant may use now is taken (its own and what it may borrow"
                    + " from idle GPUs of other tenants): " + unused.group(2) + " more needed";
        }
        Matcher never = NEVER.matcher(message);
        if (never.find()) {
            return "It asks for more " + never.group(1) + " than the tenant may ever hold (guaranteed plus what it may"
                    + " borrow): ask for fewer GPUs or ask an admin for more";
        }
        if (message.contains("ClusterQueue") && (message.contains("inactive") || message.contains("doesn't exist"))) {
            return "The tenant's queue is not ready yet";
        }
        return message.isBlank() ? "Kueue gives no reason yet" : "Kueue: " + message;
    }

    private static String preemptor(
            String message, List<GenericKubernetesResource> workloads, Function<String, String> tenantOf) {
        Matcher uid = PREEMPTOR_UID.matcher(message);
        if (uid.find()) {
            String id = uid.group(1).strip();
            Optional<String> tenant = workloads.stream()
                    .filter(w -> id.equals(w.getMetadata().getUid()))
                    .map(w -> tenantOf.apply(w.getMetadata().getNamespace()))
                    .filter(Objects::nonNull)
                    .findFirst();
            if (tenant.isPresent()) {
                return "tenant " + tenant.get();
            }
        }
        return "another tenant";
    }

    static boolean pending(GenericKubernetesResource w) {
        boolean reserved = condition(w, "QuotaReserved")
                .map(c -> "True".equals(c.get("status")))
                .orElse(false);
        boolean finished = condition(w, "Finished")
                .map(c -> "True".equals(c.get("status")))
                .orElse(false);
        Object active = spec(w).get("active");
        return !reserved && !finished && !Boolean.FALSE.equals(active);
    }

    private static boolean ownedBy(GenericKubernetesResource w, Job job) {
        List<OwnerReference> owners = w.getMetadata().getOwnerReferences();
        return owners != null
                && owners.stream()
                        .anyMatch(o -> "Job".equals(o.getKind())
                                && job.getMetadata().getName().equals(o.getName())
                                && (job.getMetadata().getUid() == null
                                        || job.getMetadata().getUid().equals(o.getUid())));
    }

    private static String queueName(GenericKubernetesResource w) {
        return String.valueOf(spec(w).get("queueName"));
    }

    private static long priority(GenericKubernetesResource w) {
        return spec(w).get("priority") instanceof Number n ? n.longValue() : 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource w) {
        return w.getAdditionalProperties().get("spec") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> condition(GenericKubernetesResource w, String type) {
        if (!(w.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
                || !(status.get("conditions") instanceof List<?> conditions)) {
            return Optional.empty();
        }
        return conditions.stream()
                .filter(c -> c instanceof Map<?, ?> m && type.equals(m.get("type")))
                .map(c -> (Map<String, Object>) c)
                .findFirst();
    }
}
