package dev.gpuportal.cluster;

import dev.gpuportal.security.SystemIdentity;
import dev.gpuportal.workload.DesiredState;
import dev.gpuportal.workload.WorkloadChanged;
import dev.gpuportal.workload.WorkloadRequest;
import dev.gpuportal.workload.WorkloadService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Watches the pods and Jobs of portal workloads on every cluster and records each workload's status in plain words.
 * Status comes from the watches' caches, never from a LIST per page view.
 */
@Component
public class WorkloadObserver implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WorkloadObserver.class);
    private static final String BY_WORKLOAD = "by-workload";

    private final WorkloadService workloads;
    private final Map<String, SharedIndexInformer<Pod>> pods = new ConcurrentHashMap<>();
    private final Map<String, SharedIndexInformer<Job>> jobs = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("workload-observer").daemon().factory());
    private final Set<Long> queued = ConcurrentHashMap.newKeySet();

    WorkloadObserver(ClusterRegistry registry, WorkloadService workloads) {
        this.workloads = workloads;
        registry.listen(new ClusterRegistry.ClusterListener() {
            @Override
            public void added(RegisteredCluster cluster) {
                watch(cluster);
            }

            @Override
            public void removed(RegisteredCluster cluster) {
                pods.remove(cluster.name());
                jobs.remove(cluster.name());
            }
        });
    }

    /** Watches the portal's pods and Jobs on one cluster; the informers stop with the cluster. */
    private void watch(RegisteredCluster cluster) {
        Map<String, String> ours =
                Map.of(OwnedLabels.MANAGED_BY, OwnedLabels.MANAGER, OwnedLabels.COMPONENT, "workload");
        SharedIndexInformer<Pod> podInformer =
                cluster.client().pods().inAnyNamespace().withLabels(ours).runnableInformer(0);
        SharedIndexInformer<Job> jobInformer = cluster.client()
                .batch()
                .v1()
                .jobs()
                .inAnyNamespace()
                .withLabels(ours)
                .runnableInformer(0);
        start(podInformer, cluster.name());
        start(jobInformer, cluster.name());
        pods.put(cluster.name(), podInformer);
        jobs.put(cluster.name(), jobInformer);
        cluster.closeWithCluster(podInformer::close);
        cluster.closeWithCluster(jobInformer::close);
    }

    private <T extends HasMetadata> void start(SharedIndexInformer<T> informer, String cluster) {
        informer.addIndexers(Map.of(
                BY_WORKLOAD, o -> List.of(workloadId(o).map(String::valueOf).orElse(""))));
        informer.exceptionHandler((started, error) -> {
            log.debug("Workload watch on cluster '{}' failed, retrying: {}", cluster, error.toString());
            return true;
        });
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                workloadId(object).ifPresent(WorkloadObserver.this::enqueue);
            }

            @Override
            public void onUpdate(T before, T after) {
                workloadId(after).ifPresent(WorkloadObserver.this::enqueue);
            }

            @Override
            public void onDelete(T object, boolean unknownFinalState) {
                workloadId(object).ifPresent(WorkloadObserver.this::enqueue);
            }
        });
        informer.start();
    }

    /**
     * Reads a workload again when its owner changes it: after a quick stop and start its pods may never change, so no
     * watch event would correct the phase the change left. Only workloads with objects in the caches: the others have
     * nothing to read yet, and the reconciler's word (e.g. "not placed on any cluster yet") stands.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onWorkloadChanged(WorkloadChanged event) {
        String key = Long.toString(event.workloadId());
        boolean known = pods.values().stream()
                        .anyMatch(i -> !i.getIndexer().byIndex(BY_WORKLOAD, key).isEmpty())
                || jobs.values().stream()
                        .anyMatch(i -> !i.getIndexer().byIndex(BY_WORKLOAD, key).isEmpty());
        if (known) {
            enqueue(event.workloadId());
        }
    }

    static Optional<Long> workloadId(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        String id = labels == null ? null : labels.get(WorkloadManifests.WORKLOAD_ID);
        try {
            return id == null ? Optional.empty() : Optional.of(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    void enqueue(long id) {
        if (queued.add(id)) {
            worker.execute(() -> {
                queued.remove(id);
                try {
                    SystemIdentity.run(() -> observe(id));
                } catch (RuntimeException e) {
                    log.warn("Observing workload {} failed: {}", id, e.toString());
                }
            });
        }
    }

    /** Re-reads one workload's pods and Job from the caches and records the result. */
    public void observe(long id) {
        Optional<WorkloadRequest> request = workloads.findForInternalUse(id);
        if (request.isEmpty() || request.get().getDesiredState() == DesiredState.DELETED) {
            return;
        }
        String key = Long.toString(id);
        List<Pod> workloadPods = pods.values().stream()
                .flatMap(i -> i.getIndexer().byIndex(BY_WORKLOAD, key).stream())
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
        Job job = jobs.values().stream()
                .flatMap(i -> i.getIndexer().byIndex(BY_WORKLOAD, key).stream())
                .findFirst()
                .orElse(null);
        var observation = WorkloadStatus.of(request.get().getDesiredState() == DesiredState.RUNNING, workloadPods, job);
        workloads.recordObservation(id, observation.phase(), observation.reason());
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
        pods.values().forEach(SharedIndexInformer::close);
        jobs.values().forEach(SharedIndexInformer::close);
    }
}
