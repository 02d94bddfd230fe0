package dev.gpuportal.cluster.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.workload.ObservedPhase;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A queued job's position, Kueue's reason in plain words, and who preempted it, read from Workload objects. */
class QueueStatusTest {

    static final String WAITING_FOR_GPUS = "couldn't assign flavors to pod set main: insufficient unused quota for"
            + " nvidia.com/gpu in flavor nvidia-h100-80gb-hbm3-gpu, 1 more needed";

    @Test
    void waitingJobsAreNumberedInKueuesOrderHigherPriorityFirstThenOlder() {
        var first = workload("a", "uid-a", "2026-11-29T10:00:00Z", 0, pending(WAITING_FOR_GPUS));
        var second = workload("b", "uid-b", "2026-11-29T10:00:05Z", 0, pending(WAITING_FOR_GPUS));
        var urgent = workload("c", "uid-c", "2026-11-29T10:00:09Z", 100, pending(WAITING_FOR_GPUS));
        var running = workload("d", "uid-d", "2026-11-29T09:00:00Z", 0, condition("QuotaReserved", "True", "", ""));
        List<GenericKubernetesResource> all = List.of(first, second, urgent, running);

        assertThat(reason(job("b"), all))
                .contains("Waiting in the queue: position 3 of 3 in the queue. Every nvidia.com/gpu the tenant may"
                        + " use now is taken (its own and what it may borrow from idle GPUs of other tenants): 1 more"
                        + " needed");
        assertThat(reason(job("c"), all)).contains("position 1 of 3");
        assertThat(reason(job("a"), all)).contains("position 2 of 3");
        // an admitted job is told about by its pods
        assertThat(QueueStatus.of(job("d"), all, ns -> "b-team")).isEmpty();
    }

    @Test
    void aPreemptedJobSaysWhoTookTheGpusBackAndThatItResumes() {
        var preemptor = workload("x", "uid-x", "2026-11-29T10:01:00Z", 0, condition("QuotaReserved", "True", "", ""));
        preemptor.getMetadata().setNamespace("tenant-a");
        var evicted = workload(
                "b",
                "uid-b",
                "2026-11-29T10:00:00Z",
                0,
                List.of(
                        Map.of(
                                "type",
                                "QuotaReserved",
                                "status",
                                "False",
                                "reason",
                                "Pending",
                                "message",
                                WAITING_FOR_GPUS),
                        Map.of(
                                "type",
                                "Evicted",
                                "status",
                                "True",
                                "reason",
                                "Preempted",
                                "message",
                                "Preempted to accommodate a workload (UID: uid-x, JobUID: j-1) due to reclamation"
                                        + " within the cohort; preemptor path: /gpu-portal/gpu-portal-a")));

        Optional<WorkloadStatus.Observation> seen =
                QueueStatus.of(job("b"), List.of(preemptor, evicted), ns -> ns.equals("tenant-a") ? "a" : "b");

        assertThat(seen).get().extracting(WorkloadStatus.Observation::phase).isEqualTo(ObservedPhase.PENDING);
        assertThat(seen.get().reason())
                .isEqualTo("Preempted: tenant a took back its guaranteed GPUs. It resumes by itself when GPUs are free"
                        + " (position 1 of 1 in the queue); its checkpoint volume is kept");
    }

    @Test
    void aSuspendedJobKueueHasNotTakenInIsWaitingForTheQueueManager() {
        Job job = job("b");
        job.getSpec().setSuspend(true);

        assertThat(QueueStatus.of(job, List.of(), ns -> "b"))
                .get()
                .extracting(WorkloadStatus.Observation::reason)
                .asString()
                .startsWith("Waiting for the queue manager");
        // a job without the queue label is not Kueue's
        assertThat(QueueStatus.of(
                        new JobBuilder()
                                .withNewMetadata()
                                .withName("n")
                                .endMetadata()
                                .build(),
                        List.of(),
                        ns -> "b"))
                .isEmpty();
    }

    @Test
    void kueuesReasonsInPlainWords() {
        assertThat(QueueStatus.why(workload(
                        "a",
                        "u",
                        "t",
                        0,
                        pending("couldn't assign flavors to pod set main:"
                                + " insufficient quota for nvidia.com/gpu in flavor f, previously considered podsets requests"
                                + " (0) + current podset request (9) > maximum capacity (8)"))))
                .startsWith("It asks for more nvidia.com/gpu than the tenant may ever hold");
        assertThat(QueueStatus.why(workload("a", "u", "t", 0, List.of()))).isEqualTo("Kueue has not looked at it yet");
        assertThat(QueueStatus.why(workload(
                        "a",
                        "u",
                        "t",
                        0,
                        pending("couldn't assign flavors to pod set main: topology \"gpu-portal\" allows to fit only 3"
                                + " out of 4 pod(s). Total nodes: 4; excluded: resource \"nvidia.com/gpu\": 3"))))
                .isEqualTo("No network block has room for all 4 workers together now (room for 3): it holds no GPU"
                        + " until one has");
        assertThat(QueueStatus.why(workload(
                        "a",
                        "u",
                        "t",
                        0,
                        pending("couldn't assign flavors to pod set main: topology \"gpu-portal\" doesn't allow to fit"
                                + " any of 4 pod(s)"))))
                .startsWith("No network block has room for any of its 4 workers now");
        // with one resource group Kueue also says why the CPU-only flavor does not fit: that is no reason of the job's
        assertThat(QueueStatus.why(workload(
                        "a",
                        "u",
                        "t",
                        0,
                        pending(
                                "couldn't assign flavors to pod set main: insufficient quota for nvidia.com/gpu in flavor"
                                        + " gpu-portal-cpu, previously considered podsets requests (0) + current podset request"
                                        + " (1) > maximum capacity (0), insufficient unused quota for nvidia.com/gpu in flavor"
                                        + " nvidia-h100-80gb-hbm3-gpu, 1 more needed"))))
                .startsWith("Every nvidia.com/gpu the tenant may use now is taken");
        assertThat(QueueStatus.why(workload(
                        "a",
                        "u",
                        "t",
                        0,
                        pending(
                                "couldn't assign flavors to pod set main: insufficient quota for nvidia.com/gpu in flavor"
                                        + " gpu-portal-cpu, previously considered podsets requests (0) + current podset request"
                                        + " (9) > maximum capacity (0), insufficient quota for nvidia.com/gpu in flavor"
                                        + " nvidia-h100-80gb-hbm3-gpu, previously considered podsets requests (0) + current"
                                        + " podset request (9) > maximum capacity (8)"))))
                .startsWith("It asks for more nvidia.com/gpu than the tenant may ever hold");
    }

    @Test
    void aJobWhoseWorkersMustStayTogetherIsToldSoWhenKueuesMessageOnlyTellsOfOtherFlavors() {
        // seen on Kueue v0.17: after the job's own flavor had no block with room, it reports the flavors it tried next
        GenericKubernetesResource gang = workload(
                "gang",
                "u",
                "t",
                0,
                pending("couldn't assign flavors to pod set main: Flavor \"nvidia-l4-gpu.shared\" does not support"
                        + " TopologyAwareScheduling, insufficient quota for nvidia.com/gpu in flavor"
                        + " nvidia-h100-80gb-hbm3-mig-1g.10gb, previously considered podsets requests (0) + current"
                        + " podset request (4) > maximum capacity (0)"));
        gang.setAdditionalProperty(
                "spec",
                Map.of(
                        "queueName",
                        "b",
                        "podSets",
                        List.of(Map.of(
                                "name",
                                "main",
                                "count",
                                4,
                                "topologyRequest",
                                Map.of("required", "gpu-portal.dev/block")))));

        assertThat(QueueStatus.why(gang))
                .isEqualTo("No network block has room for all 4 workers together now: it holds no GPU until one has");
        assertThat(QueueStatus.flavorOffers("nvidia-h100-80gb-hbm3-gpu", "nvidia.com/gpu"))
                .isTrue();
        assertThat(QueueStatus.flavorOffers("nvidia-l4-gpu.shared", "nvidia.com/gpu"))
                .isFalse();
        assertThat(QueueStatus.flavorOffers("nvidia-h100-80gb-hbm3-mig-1g.10gb", "nvidia.com/mig-1g.10gb"))
                .isTrue();
        assertThat(QueueStatus.flavorOffers("gpu-portal-cpu", "cpu")).isFalse();
    }

    private static String reason(Job job, List<GenericKubernetesResource> all) {
        return QueueStatus.of(job, all, ns -> "b-team").orElseThrow().reason();
    }

    static Job job(String name) {
        return new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("tenant-b")
                .withUid("job-" + name)
                .withLabels(Map.of(WorkloadManifests.KUEUE_QUEUE, "b"))
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .build();
    }

    static List<Map<String, Object>> pending(String message) {
        return condition("QuotaReserved", "False", "Pending", message);
    }

    static List<Map<String, Object>> condition(String type, String status, String reason, String message) {
        return List.of(Map.of("type", type, "status", status, "reason", reason, "message", message));
    }

    static GenericKubernetesResource workload(
            String job, String uid, String created, int priority, List<Map<String, Object>> conditions) {
        GenericKubernetesResource w = new GenericKubernetesResourceBuilder()
                .withApiVersion("kueue.x-k8s.io/v1beta2")
                .withKind("Workload")
                .withNewMetadata()
                .withName("job-" + job + "-x")
                .withNamespace("tenant-b")
                .withUid(uid)
                .withCreationTimestamp(created)
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withKind("Job")
                        .withName(job)
                        .withUid("job-" + job)
                        .build())
                .endMetadata()
                .build();
        w.setAdditionalProperty("spec", Map.of("queueName", "b", "priority", priority));
        w.setAdditionalProperty("status", Map.of("conditions", conditions));
        return w;
    }
}
