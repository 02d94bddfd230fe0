package dev.gpuportal.cluster.workloads;

import dev.gpuportal.base.Leadership;
import dev.gpuportal.cluster.engine.Apply;
import dev.gpuportal.cluster.engine.WantedState;
import dev.gpuportal.cluster.engine.WorkQueue;
import dev.gpuportal.cluster.registry.ClusterRegistry;
import dev.gpuportal.cluster.registry.GpuFamily;
import dev.gpuportal.cluster.registry.KubernetesProperties;
import dev.gpuportal.cluster.registry.ManagedKinds;
import dev.gpuportal.cluster.registry.RegisteredCluster;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.tenancy.TenantSnapshot;
import dev.gpuportal.workload.ApplyBacklog;
import dev.gpuportal.workload.DesiredState;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadChanged;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadSnapshot;
import dev.gpuportal.workload.WorkloadSpec;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Makes each workload's Kubernetes objects match its request: applies them (server-side, only when they differ),
 * scales them to zero when stopped, deletes them (and then the request) when deleted. A failure is reported on the
 * workload and retried with backoff, so nothing stays half-created unnoticed; a Job refused only because Kueue's
 * webhooks do not answer is shown as waiting for the queue manager, not as failed.
 */
@Component
public class WorkloadReconciler implements DisposableBean, ApplyBacklog {

    private static final Logger log = LoggerFactory.getLogger(WorkloadReconciler.class);

    private final ClusterRegistry registry;
    private final WantedState wanted;
    private final WorkloadService workloads;
    private final KubernetesProperties properties;
    private final WorkQueue<Long> queue;
    private final int backlogLimit;
    /** The cluster each workload was last applied to: its group in the queue's per-cluster bound. */
    private final java.util.Map<Long, String> clusterOfWorkload = new java.util.concurrent.ConcurrentHashMap<>();

    WorkloadReconciler(
            ClusterRegistry registry,
            WantedState wanted,
            WorkloadService workloads,
            KubernetesProperties properties,
            Leadership leadership,
            @Value("${gpu-portal.kubernetes.workload-workers:24}") int workers,
            @Value("${gpu-portal.kubernetes.workload-workers-per-cluster:16}") int workersPerCluster,
            @Value("${gpu-portal.kubernetes.apply-backlog-limit:2000}") int backlogLimit) {
        this.registry = registry;
        this.wanted = wanted;
        this.workloads = workloads;
        this.properties = properties;
        // a slow or unreachable cluster holds at most workersPerCluster workers; the others serve the other clusters
        this.queue = WorkQueue.perGroup(
                "workload-reconciler",
                workers,
                Math.min(workersPerCluster, workers),
                this::clusterOf,
                WorkQueue.Backoff.DEFAULT,
                this::reconcile);
        this.backlogLimit = backlogLimit;
        leadership.whileLeading(queue::active);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onWorkloadChanged(WorkloadChanged event) {
        enqueue(event.workloadId());
    }

    @Scheduled(fixedDelayString = "${gpu-portal.kubernetes.resync-interval:30s}", initialDelayString = "3s")
    public void resyncAll() {
        if (queue.resyncing()) {
            // The last resync has not passed every workload yet (at 100 passes a second, 10,000 workloads take longer
            // than the interval): the next one starts after it, so the reconciler rests between resyncs.
            return;
        }
        wanted.workloadIds().forEach(queue::addResync);
    }

    @Override
    public int waiting() {
        return queue.backlog();
    }

    @Override
    public int limit() {
        return backlogLimit;
    }

    /** Workloads queued for any reason, resyncs included, or being reconciled now. */
    public int queued() {
        return queue.pending();
    }

    public void enqueue(long id) {
        queue.add(id);
    }

    /** The cluster a workload is applied to (null while its tenant has none), remembered after its first pass. */
    private Object clusterOf(long id) {
        String known = clusterOfWorkload.get(id);
        if (known != null) {
            return known;
        }
        return wanted.workload(id)
                .flatMap(w -> registry.workloadClusterOf(w.tenant()))
                .map(RegisteredCluster::name)
                .orElse(null);
    }

    WorkQueue.Outcome reconcile(long id) {
        Optional<WantedState.WorkloadWanted> found = wanted.workload(id);
        if (found.isEmpty()) {
            clusterOfWorkload.remove(id);
            return WorkQueue.Outcome.DONE;
        }
        WorkloadSnapshot w = found.get().workload();
        TenantSnapshot tenant = found.get().tenant();
        String slug = tenant.slug();
        Optional<RegisteredCluster> cluster = registry.workloadClusterOf(tenant);
        if (cluster.isEmpty()) {
            if (w.desiredState() == DesiredState.DELETED) {
                workloads.purge(id);
                return WorkQueue.Outcome.DONE;
            }
            workloads.recordObservation(
                    id,
                    ObservedPhase.PENDING,
                    tenant.dedicated()
                            ? "Waiting for tenant " + slug + "'s own cluster to be ready"
                            : "Tenant " + slug + " is not placed on any cluster yet: ask an admin");
            // a dedicated tenant's cluster is registered once ready: look again until then
            return tenant.dedicated() ? WorkQueue.Outcome.WAIT : WorkQueue.Outcome.DONE;
        }
        clusterOfWorkload.put(id, cluster.get().name());
        String namespace = properties.namespaceOf(slug);
        try {
            if (w.desiredState() == DesiredState.DELETED) {
                if (deleteAll(cluster.get(), namespace, id)) {
                    workloads.purge(id);
                    clusterOfWorkload.remove(id);
                    return WorkQueue.Outcome.DONE;
                }
                return WorkQueue.Outcome.WAIT;
            }
            WorkloadBlueprint blueprint = blueprint(w, found.get().profile(), tenant, namespace, cluster.get());
            if (blueprint.spec() instanceof WorkloadSpec.Notebook) {
                NotebookTokens.ensure(cluster.get(), WorkloadManifests.notebookTokenSecret(blueprint));
            }
            List<String> failures = new ArrayList<>();
            boolean replacing = false;
            for (HasMetadata object : WorkloadManifests.render(blueprint)) {
                Optional<Job> earlier = JobRuns.inTheWay(
                        object,
                        object instanceof Job
                                ? cluster.get()
                                        .owned()
                                        .get(
                                                Job.class,
                                                namespace,
                                                object.getMetadata().getName())
                                : Optional.empty());
                if (earlier.isPresent()) {
                    // the earlier run goes first, pods and all; the next pass creates this run
                    if (earlier.get().getMetadata().getDeletionTimestamp() == null) {
                        log.info("Workload {} in {}: replacing the Job of its earlier run", id, namespace);
                        Apply.delete(cluster.get(), earlier.get(), DeletionPropagation.FOREGROUND);
                    }
                    replacing = true;
                    continue;
                }
                try {
                    Apply.ifChanged(cluster.get(), object);
                } catch (KubernetesClientException e) {
                    failures.add(object.getKind() + " " + object.getMetadata().getName() + ": " + Apply.reason(e));
                }
            }
            if (QueueManagerOutage.onlyQueueManagerDown(failures)) {
                // not the request's fault: kept, and sent again with backoff until Kueue answers
                workloads.recordObservation(id, ObservedPhase.PENDING, QueueManagerOutage.WAITING);
                log.info("Workload {} in {} waits for Kueue: {}", id, namespace, failures);
                return WorkQueue.Outcome.FAILED;
            }
            if (!failures.isEmpty()) {
                workloads.recordObservation(
                        id, ObservedPhase.FAILED, "Kubernetes refused it: " + String.join("; ", failures));
                log.warn("Workload {} in {}: {}", id, namespace, failures);
                return WorkQueue.Outcome.FAILED;
            }
            return replacing ? WorkQueue.Outcome.WAIT : WorkQueue.Outcome.DONE;
        } catch (KubernetesClientException e) {
            workloads.recordObservation(id, ObservedPhase.FAILED, "Kubernetes refused it: " + Apply.reason(e));
            log.warn("Workload {} in {}: {}", id, namespace, Apply.reason(e));
            return WorkQueue.Outcome.FAILED;
        }
    }

    private static WorkloadBlueprint blueprint(
            WorkloadSnapshot w,
            GpuProfile profile,
            TenantSnapshot tenant,
            String namespace,
            RegisteredCluster cluster) {
        String slug = tenant.slug();
        GpuFamily family = profile == null
                ? null
                : cluster.gpuFamilies().stream()
                        .filter(f -> f.resource().equals(profile.getResourceName())
                                && f.product().equals(profile.getGpuModel() == null ? "" : profile.getGpuModel()))
                        .findFirst()
                        .orElse(null);
        return new WorkloadBlueprint(
                slug,
                namespace,
                w.id(),
                w.name(),
                w.spec(),
                profile == null ? null : profile.getResourceName(),
                profile == null ? null : profile.getGpuModel(),
                w.desiredState() == DesiredState.RUNNING,
                w.restartedAt(),
                cluster.hasKueue() ? slug : null,
                new WorkloadPlacement(tenant.regions(), tenant.dedicated() ? tenant.nodePools() : List.of()),
                cluster.hasKueue() && family != null && family.topology(),
                family == null ? null : family.rdmaResource());
    }

    /** Deletes every object of the workload (found in the caches by its id label); true when none is left. */
    private boolean deleteAll(RegisteredCluster cluster, String namespace, long id) {
        if (!cluster.owned().synced()) {
            return false; // until the caches are full, "nothing left" cannot be told from "not listed yet"
        }
        List<HasMetadata> left = new ArrayList<>();
        for (ManagedKinds.Kind kind : ManagedKinds.workloadLevel()) {
            cluster.owned().ofWorkload(kind.type(), id).stream()
                    .filter(o -> namespace.equals(o.getMetadata().getNamespace()))
                    .forEach(left::add);
        }
        for (HasMetadata object : left) {
            if (object.getMetadata().getDeletionTimestamp() == null) {
                Apply.delete(cluster, object);
            }
        }
        if (!left.isEmpty()) {
            log.info(
                    "Deleting workload {} in {}: {}",
                    id,
                    namespace,
                    left.stream()
                            .map(o -> o.getKind() + "/" + o.getMetadata().getName())
                            .collect(Collectors.joining(", ")));
        }
        return left.isEmpty();
    }

    @Override
    public void destroy() {
        queue.close();
    }
}
