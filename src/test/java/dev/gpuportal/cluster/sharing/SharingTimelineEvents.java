package dev.gpuportal.cluster.sharing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.List;
import java.util.Map;

/** Feeds a {@link SharingTimeline} from informers on the replay's pods and Kueue's Workloads, stamped on arrival. */
final class SharingTimelineEvents {

    static final ResourceDefinitionContext WORKLOAD = new ResourceDefinitionContext.Builder()
            .withGroup("kueue.x-k8s.io")
            .withVersion("v1beta2")
            .withKind("Workload")
            .withPlural("workloads")
            .withNamespaced(true)
            .build();

    private SharingTimelineEvents() {}

    static ResourceEventHandler<Pod> pods(SharingTimeline timeline, long start) {
        return new Handler<>() {
            @Override
            void seen(Pod pod, boolean deleted) {
                String job = pod.getMetadata().getLabels().get("job-name");
                if (job == null) {
                    return;
                }
                String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
                boolean ended = deleted
                        || pod.getMetadata().getDeletionTimestamp() != null
                        || "Succeeded".equals(phase)
                        || "Failed".equals(phase);
                timeline.pod(
                        job,
                        pod.getMetadata().getUid(),
                        pod.getSpec().getNodeName(),
                        pod.getSpec().getNodeName() != null,
                        ended,
                        "Succeeded".equals(phase),
                        System.currentTimeMillis() - start);
            }
        };
    }

    /** Workloads of the jobs whose names start with {@code jobPrefix}: admitted while Admitted and not Finished. */
    static ResourceEventHandler<GenericKubernetesResource> workloads(
            SharingTimeline timeline, String jobPrefix, long start) {
        return new Handler<>() {
            @Override
            void seen(GenericKubernetesResource workload, boolean deleted) {
                String job = workload.getMetadata().getOwnerReferences().stream()
                        .filter(o -> "Job".equals(o.getKind()))
                        .map(OwnerReference::getName)
                        .findFirst()
                        .orElse("");
                if (!job.startsWith(jobPrefix)) {
                    return;
                }
                boolean admitted = !deleted && condition(workload, "Admitted") && !condition(workload, "Finished");
                timeline.workload(job, admitted, System.currentTimeMillis() - start);
            }
        };
    }

    @SuppressWarnings("unchecked")
    static boolean condition(GenericKubernetesResource workload, String type) {
        Object status = workload.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> map) || !(map.get("conditions") instanceof List<?> conditions)) {
            return false;
        }
        return conditions.stream()
                .map(c -> (Map<String, Object>) c)
                .anyMatch(c -> type.equals(c.get("type")) && "True".equals(c.get("status")));
    }

    private abstract static class Handler<T extends HasMetadata> implements ResourceEventHandler<T> {
        abstract void seen(T object, boolean deleted);

        @Override
        public void onAdd(T object) {
            seen(object, false);
        }

        @Override
        public void onUpdate(T before, T after) {
            seen(after, false);
        }

        @Override
        public void onDelete(T object, boolean finalStateUnknown) {
            seen(object, true);
        }
    }
}
