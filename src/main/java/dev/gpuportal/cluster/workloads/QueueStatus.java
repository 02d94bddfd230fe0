package dev.gpuportal.cluster.workloads;

import dev.gpuportal.cluster.tenants.KueueManifests;
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
import java.util.OptionalInt;
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
    private static final Pattern NEVER = Pattern.compile(
            "insufficient quota for (\\S+) in flavor ([^,\\s]+)(?:, [^>]*> maximum capacity \\((\\d+)\\))?");
    private static final Pattern TOPOLOGY_SOME =
            Pattern.compile("topology \"[^\"]*\" allows to fit only (\\d+) out of (\\d+) pod");
    private static final Pattern TOPOLOGY_NONE =
            Pattern.compile("topology \"[^\"]*\" doesn't allow to fit any of (\\d+) pod");
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
        // Kueue names what it found in each flavor it tried. Where the flavors are placed by topology they share one
        // resource group, so it also says that flavors of other GPU resources (and the CPU-only one) have none of the
        // job's: only what it says of a flavor of the job's own resource counts.
        Matcher some = TOPOLOGY_SOME.matcher(message);
        if (some.find()) {
            return "No network block has room for all " + some.group(2) + " workers together now (room for "
                    + some.group(1) + "): it holds no GPU until one has";
        }
        Matcher none = TOPOLOGY_NONE.matcher(message);
        if (none.find()) {
            return "No network block has room for any of its " + none.group(1) + " workers now: it holds no GPU until"
                    + " one has room for all of them";
        }
        Matcher unused = UNUSED.matcher(message);
        if (unused.find()) {
            return "Every " + unused.group(1) + " the tenant may use now is taken (its own and what it may borrow"
                    + " from idle GPUs of other tenants): " + unused.group(2) + " more needed";
        }
        Matcher never = NEVER.matcher(message);
        while (never.find()) {
            boolean offersSome = never.group(3) != null && !never.group(3).equals("0");
            if (offersSome || flavorOffers(never.group(2), never.group(1))) {
                return "It asks for more " + never.group(1) + " than the tenant may ever hold (guaranteed plus what it"
                        + " may borrow): ask for fewer GPUs or ask an admin for more";
            }
        }
        OptionalInt together = workersKeptTogether(workload);
        if (together.isPresent()) {
            // Kueue tried the job's GPUs first and found no block with room; its message then tells of the other
            // flavors
            return "No network block has room for all " + together.getAsInt() + " workers together now: it holds no"
                    + " GPU until one has";
        }
        if (message.contains("ClusterQueue") && (message.contains("inactive") || message.contains("doesn't exist"))) {
            return "The tenant's queue is not ready yet";
        }
        return message.isBlank() ? "Kueue gives no reason yet" : "Kueue: " + message;
    }

    /** Whether a flavor the portal named offers the resource ("...-gpu" offers nvidia.com/gpu). */
    static boolean flavorOffers(String flavor, String resource) {
        String kind = resource.substring(resource.indexOf('/') + 1)
                .toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9.-]", "-");
        return !flavor.equals(KueueManifests.CPU_FLAVOR) && flavor.endsWith("-" + kind);
    }

    /** The number of workers Kueue is asked to keep within one topology domain, if it is. */
    static OptionalInt workersKeptTogether(GenericKubernetesResource workload) {
        if (spec(workload).get("podSets") instanceof List<?> podSets) {
            for (Object podSet : podSets) {
                if (podSet instanceof Map<?, ?> p
                        && p.get("topologyRequest") instanceof Map<?, ?> topology
                        && topology.get("required") != null
                        && p.get("count") instanceof Number count) {
                    return OptionalInt.of(count.intValue());
                }
            }
        }
        return OptionalInt.empty();
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
