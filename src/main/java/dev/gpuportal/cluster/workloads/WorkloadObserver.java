package dev.gpuportal.cluster.workloads;

import dev.gpuportal.base.Leadership;
import dev.gpuportal.cluster.engine.WorkQueue;
import dev.gpuportal.cluster.registry.ClusterRegistry;
import dev.gpuportal.cluster.registry.OwnedLabels;
import dev.gpuportal.cluster.registry.RegisteredCluster;
import dev.gpuportal.workload.DesiredState;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadChanged;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadSnapshots;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Records each workload's status in plain words from the pods and Jobs of portal workloads on every cluster, as the
 * owned-object caches see them: never from a LIST per page view. Where Kueue runs, a preemption and the admission
 * after it also go into the audit log, once each.
 */
@Component
public class WorkloadObserver implements DisposableBean {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WorkloadObserver.class);

    private final ClusterRegistry registry;
    private final WorkloadService workloads;
    private final WorkloadSnapshots snapshots;
    private final WorkQueue<Long> queue;

    WorkloadObserver(
            ClusterRegistry registry, WorkloadService workloads, WorkloadSnapshots snapshots, Leadership leadership) {
        this.registry = registry;
        this.workloads = workloads;
        this.snapshots = snapshots;
        this.queue = new WorkQueue<>("workload-observer", 1, WorkQueue.Backoff.DEFAULT, id -> {
            observe(id);
            return WorkQueue.Outcome.DONE;
        });
        leadership.whileLeading(queue::active);
        registry.listen(cluster -> {
            cluster.owned().onChange(this::changed);
            cluster.onKueueWorkloadChange(w -> queueChanged(cluster, w));
        });
    }

    /**
     * A Kueue Workload changed (admitted, preempted, requeued): the jobs waiting in the same queue move, so each job
     * of that namespace is read again.
     */
    private void queueChanged(RegisteredCluster cluster, GenericKubernetesResource workload) {
        String namespace = workload.getMetadata().getNamespace();
        cluster.owned().list(Job.class, namespace, Map.of()).stream()
                .map(WorkloadObserver::workloadId)
                .flatMap(Optional::stream)
                .forEach(this::enqueueSettled);
    }

    private void changed(HasMetadata object) {
        if (object instanceof Pod || object instanceof Job) {
            workloadId(object).ifPresent(this::enqueueSettled);
        }
    }

    /**
     * How long a watch event waits before its workload is read: the other events of the same moment (a Job and its pod
     * created, bound, started) are then read once together. During a burst of submissions that is a fraction of the
     * database writes, and what a person sees is at most this much later.
     */
    static final java.time.Duration SETTLE = java.time.Duration.ofMillis(700);

    private void enqueueSettled(long id) {
        queue.addAfter(id, SETTLE);
    }

    /**
     * Reads a workload again when its owner changes it: after a quick stop and start its pods may never change, so no
     * watch event would correct the phase the change left. Only workloads with objects in the caches: the others have
     * nothing to read yet, and the reconciler's word (e.g. "not placed on any cluster yet") stands.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onWorkloadChanged(WorkloadChanged event) {
        long id = event.workloadId();
        boolean known = registry.all().stream()
                .anyMatch(c -> !c.owned().ofWorkload(Pod.class, id).isEmpty()
                        || !c.owned().ofWorkload(Job.class, id).isEmpty());
        if (known) {
            enqueue(id);
        }
    }

    static Optional<Long> workloadId(HasMetadata object) {
        try {
            return OwnedLabels.workloadIdOf(object).map(Long::parseLong);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    void enqueue(long id) {
        queue.add(id);
    }

    /** Re-reads one workload's pods and Job from the caches and records the result. */
    public void observe(long id) {
        Optional<DesiredState> desired = snapshots.desiredStateOf(id);
        if (desired.isEmpty() || desired.get() == DesiredState.DELETED) {
            return;
        }
        List<RegisteredCluster> clusters = registry.all();
        List<Pod> workloadPods = clusters.stream()
                .flatMap(c -> c.owned().ofWorkload(Pod.class, id).stream())
                .filter(p -> isWorkload(p) && p.getMetadata().getDeletionTimestamp() == null)
                .toList();
        Job job = null;
        RegisteredCluster jobCluster = null;
        for (RegisteredCluster c : clusters) {
            Optional<Job> found = c.owned().ofWorkload(Job.class, id).stream()
                    .filter(WorkloadObserver::isWorkload)
                    .findFirst();
            if (found.isPresent()) {
                job = found.get();
                jobCluster = c;
                break;
            }
        }
        if (jobCluster != null) {
            RegisteredCluster cluster = jobCluster;
            QueueStatus.ownWorkload(job, cluster.kueueWorkloads())
                    .flatMap(w -> QueueEvents.of(w, queue -> tenantOfQueue(cluster, queue)))
                    .ifPresent(event -> workloads.recordQueueEvent(id, event));
        }
        boolean wantRunning = desired.get() == DesiredState.RUNNING;
        var observation = WorkloadStatus.of(wantRunning, workloadPods, job);
        if (wantRunning
                && jobCluster != null
                && observation.phase() != ObservedPhase.SUCCEEDED
                && observation.phase() != ObservedPhase.FAILED) {
            RegisteredCluster cluster = jobCluster;
            observation = QueueStatus.of(job, cluster.kueueWorkloads(), ns -> tenantOf(cluster, ns))
                    .orElse(observation);
        }
        log.debug("Workload {}: {} pods, job {}: {}", id, workloadPods.size(), job != null, observation);
        workloads.recordObservation(id, observation.phase(), observation.reason());
    }

    /** The tenant of one of the portal's ClusterQueues, from the watch of them (null when unknown). */
    private static String tenantOfQueue(RegisteredCluster cluster, String clusterQueue) {
        return cluster.kueueClusterQueues().orElse(List.of()).stream()
                .filter(q -> q.getMetadata().getName().equals(clusterQueue))
                .map(q -> q.getMetadata().getLabels().get(OwnedLabels.TENANT))
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    private static String tenantOf(RegisteredCluster cluster, String namespace) {
        return cluster.owned()
                .get(Namespace.class, null, namespace)
                .map(ns -> ns.getMetadata().getLabels().get(OwnedLabels.TENANT))
                .orElse(null);
    }

    private static boolean isWorkload(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels != null && "workload".equals(labels.get(OwnedLabels.COMPONENT));
    }

    @Override
    public void destroy() {
        queue.close();
    }
}
