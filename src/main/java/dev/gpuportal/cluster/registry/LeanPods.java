package dev.gpuportal.cluster.registry;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A cached pod as the portal reads it: who it is and to whom it belongs, where it runs and what it holds there
 * (containers' resources), and how it is doing (phase, conditions, container states). The portal never writes pods,
 * so nothing it compares is lost; the rest (volumes, mounts, environment, tolerations, affinity, IPs) was two thirds
 * of a cached pod, and a cluster with ten thousand workloads caches ten thousand pods.
 */
final class LeanPods {

    private LeanPods() {}

    static Pod lean(Pod pod) {
        ObjectMeta m = pod.getMetadata();
        PodBuilder lean = new PodBuilder().withApiVersion(pod.getApiVersion()).withKind(pod.getKind());
        if (m != null) {
            lean.withMetadata(new ObjectMetaBuilder()
                    .withName(m.getName())
                    .withNamespace(m.getNamespace())
                    .withUid(m.getUid())
                    .withResourceVersion(m.getResourceVersion())
                    .withCreationTimestamp(m.getCreationTimestamp())
                    .withDeletionTimestamp(m.getDeletionTimestamp())
                    .withLabels(m.getLabels())
                    .withAnnotations(m.getAnnotations())
                    .withOwnerReferences(m.getOwnerReferences())
                    .withFinalizers(m.getFinalizers())
                    .build());
        }
        PodSpec spec = pod.getSpec();
        if (spec != null) {
            lean.withSpec(new PodSpecBuilder()
                    .withNodeName(spec.getNodeName())
                    .withContainers(containers(spec.getContainers()))
                    .withInitContainers(containers(spec.getInitContainers()))
                    .build());
        }
        PodStatus status = pod.getStatus();
        if (status != null) {
            lean.withStatus(new PodStatusBuilder()
                    .withPhase(status.getPhase())
                    .withReason(status.getReason())
                    .withMessage(status.getMessage())
                    .withStartTime(status.getStartTime())
                    .withConditions(status.getConditions())
                    .withContainerStatuses(containerStatuses(status.getContainerStatuses()))
                    .withInitContainerStatuses(containerStatuses(status.getInitContainerStatuses()))
                    .build());
        }
        return lean.build();
    }

    private static List<Container> containers(List<Container> containers) {
        return each(
                containers,
                c -> new ContainerBuilder()
                        .withName(c.getName())
                        .withImage(c.getImage())
                        .withResources(c.getResources())
                        .build());
    }

    private static List<ContainerStatus> containerStatuses(List<ContainerStatus> statuses) {
        return each(
                statuses,
                s -> new ContainerStatusBuilder()
                        .withName(s.getName())
                        .withImage(s.getImage())
                        .withReady(s.getReady())
                        .withStarted(s.getStarted())
                        .withRestartCount(s.getRestartCount())
                        .withState(s.getState())
                        .withLastState(s.getLastState())
                        .build());
    }

    private static <T> List<T> each(List<T> items, UnaryOperator<T> lean) {
        return items == null ? null : items.stream().map(lean).toList();
    }
}
