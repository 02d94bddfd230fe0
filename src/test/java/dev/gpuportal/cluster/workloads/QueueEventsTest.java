package dev.gpuportal.cluster.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.workload.QueueEvent;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Preemptions and the admissions after them, read from a Kueue Workload's Evicted condition. */
class QueueEventsTest {

    static final String PREEMPTED = "Preempted to accommodate a workload (UID: uid-x, JobUID: j-1) due to reclamation"
            + " within the cohort; preemptor path: /gpu-portal/gpu-portal-a; preemptee path: /gpu-portal/gpu-portal-b";

    @Test
    void aPreemptionNamesTheClusterQueueThatReclaimedItsGpusAndWhen() {
        var workload = workload(Map.of(
                "type", "Evicted",
                "status", "True",
                "reason", "Preempted",
                "message", PREEMPTED,
                "lastTransitionTime", "2026-11-29T10:00:00Z"));

        Optional<QueueEvent> event = QueueEvents.of(workload, queue -> queue.equals("gpu-portal-a") ? "a" : null);

        assertThat(event)
                .contains(new QueueEvent(
                        QueueEvent.Kind.PREEMPTED,
                        Instant.parse("2026-11-29T10:00:00Z"),
                        "job-train-1-abc",
                        "gpu-portal-a",
                        "a",
                        "Preempted for reclamation within the cohort"));
    }

    @Test
    void theAdmissionAfterAPreemptionIsAnEventOfItsOwn() {
        var workload = workload(Map.of(
                "type", "Evicted",
                "status", "False",
                "reason", "QuotaReserved",
                "message", "Previously: " + PREEMPTED,
                "lastTransitionTime", "2026-11-29T10:05:00Z"));
        workload.getAdditionalProperties()
                .put(
                        "status",
                        Map.of(
                                "conditions",
                                        ((Map<?, ?>) workload.getAdditionalProperties()
                                                        .get("status"))
                                                .get("conditions"),
                                "admission", Map.of("clusterQueue", "gpu-portal-b")));

        Optional<QueueEvent> event = QueueEvents.of(workload, queue -> null);

        assertThat(event).get().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(QueueEvent.Kind.READMITTED);
            assertThat(e.at()).isEqualTo(Instant.parse("2026-11-29T10:05:00Z"));
            assertThat(e.clusterQueue()).isEqualTo("gpu-portal-b");
            assertThat(e.why()).isEqualTo("Admitted again in gpu-portal-b after gpu-portal-a had reclaimed its GPUs");
        });
    }

    @Test
    void aWorkloadNeverPreemptedOrEvictedForAnotherReasonHasNoSuchEvent() {
        assertThat(QueueEvents.of(
                        workload(Map.of("type", "QuotaReserved", "status", "True", "reason", "QuotaReserved")),
                        queue -> null))
                .isEmpty();
        assertThat(QueueEvents.of(
                        workload(Map.of(
                                "type", "Evicted",
                                "status", "True",
                                "reason", "InactiveWorkload",
                                "message", "The workload is deactivated",
                                "lastTransitionTime", "2026-11-29T10:00:00Z")),
                        queue -> null))
                .isEmpty();
    }

    private static GenericKubernetesResource workload(Map<String, Object> condition) {
        GenericKubernetesResource w = new GenericKubernetesResourceBuilder()
                .withApiVersion("kueue.x-k8s.io/v1beta2")
                .withKind("Workload")
                .withNewMetadata()
                .withName("job-train-1-abc")
                .withNamespace("b")
                .endMetadata()
                .build();
        w.setAdditionalProperty("status", Map.of("conditions", List.of(condition)));
        return w;
    }
}
