package dev.gpuportal.cluster;

import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.security.SystemIdentity;
import dev.gpuportal.tenancy.Tenant;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.workload.DesiredState;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadChanged;
import dev.gpuportal.workload.WorkloadRequest;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes each workload's Kubernetes objects match its request: applies them (server-side, only when they differ),
 * scales them to zero when stopped, deletes them (and then the request) when deleted. A failure is reported on the
 * workload and retried at the next pass, so nothing stays half-created unnoticed.
 */
@Component
public class WorkloadReconciler implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WorkloadReconciler.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ClusterRegistry registry;
    private final TenantService tenants;
    private final WorkloadService workloads;
    private final GpuCatalog catalog;
    private final KubernetesProperties properties;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("workload-reconciler").daemon().factory());
    private final Set<Long> queued = ConcurrentHashMap.newKeySet();

    WorkloadReconciler(
            ClusterRegistry registry,
            TenantService tenants,
            WorkloadService workloads,
            GpuCatalog catalog,
            KubernetesProperties properties) {
        this.registry = registry;
        this.tenants = tenants;
        this.workloads = workloads;
        this.catalog = catalog;
        this.properties = properties;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onWorkloadChanged(WorkloadChanged event) {
        enqueue(event.workloadId());
    }

    @Scheduled(fixedDelayString = "${gpu-portal.kubernetes.resync-interval:30s}", initialDelayString = "3s")
    public void resyncAll() {
        SystemIdentity.run(() -> workloads.allIdsForInternalUse().forEach(this::enqueue));
    }

    public void enqueue(long id) {
        if (queued.add(id)) {
            worker.execute(() -> {
                queued.remove(id);
                try {
                    SystemIdentity.run(() -> reconcile(id));
                } catch (RuntimeException e) {
                    log.error("Reconciling workload {} failed", id, e);
                }
            });
        }
    }

    void reconcile(long id) {
        Optional<WorkloadRequest> found = workloads.findForInternalUse(id);
        if (found.isEmpty()) {
            return;
        }
        WorkloadRequest w = found.get();
        String slug = tenants.slugOf(w.getTenantId());
        Tenant tenant = tenants.findForInternalUse(slug).orElseThrow();
        Optional<RegisteredCluster> cluster = registry.workloadClusterOf(tenant);
        if (cluster.isEmpty()) {
            if (w.getDesiredState() == DesiredState.DELETED) {
                workloads.purge(id);
            } else {
                workloads.recordObservation(
                        id,
                        ObservedPhase.PENDING,
                        tenant.isDedicated()
                                ? "Waiting for tenant " + slug + "'s own cluster to be ready"
                                : "Tenant " + slug + " is not placed on any cluster yet: ask an admin");
                if (tenant.isDedicated()) {
                    Apply.later(() -> enqueue(id)); // runs as soon as the virtual cluster is registered
                }
            }
            return;
        }
        String namespace = TenantBlueprints.namespaceOf(slug, properties);
        KubernetesClient client = cluster.get().client();
        try {
            if (w.getDesiredState() == DesiredState.DELETED) {
                if (deleteAll(client, namespace, id)) {
                    workloads.purge(id);
                } else {
                    if (tenant.isDedicated()) {
                        Apply.later(() -> enqueue(id)); // runs as soon as the virtual cluster is registered
                    }
                }
                return;
            }
            WorkloadBlueprint blueprint = blueprint(w, slug, namespace, cluster.get());
            if (blueprint.spec() instanceof WorkloadSpec.Notebook) {
                NotebookTokens.ensure(client, WorkloadManifests.notebookTokenSecret(blueprint));
            }
            List<HasMetadata> desired = WorkloadManifests.render(blueprint);
            for (HasMetadata object : desired) {
                Apply.ifChanged(cluster.get(), object);
            }
        } catch (KubernetesClientException e) {
            workloads.recordObservation(
                    id, ObservedPhase.FAILED, "Kubernetes refused it: " + TenantReconciler.reason(e));
            log.warn("Workload {} in {}: {}", id, namespace, TenantReconciler.reason(e));
        }
    }

    private WorkloadBlueprint blueprint(WorkloadRequest w, String slug, String namespace, RegisteredCluster cluster) {
        WorkloadSpec spec = JSON.readValue(w.getSpec(), WorkloadSpec.class);
        GpuProfile profile = catalog.byIdForAccounting(w.getGpuProfileId()).orElse(null);
        return new WorkloadBlueprint(
                slug,
                namespace,
                w.getId(),
                w.getName(),
                spec,
                profile == null ? null : profile.getResourceName(),
                profile == null ? null : profile.getGpuModel(),
                w.getDesiredState() == DesiredState.RUNNING,
                w.getRestartedAt(),
                cluster.hasKueue() ? slug : null);
    }

    /** Deletes every object of the workload; true when none is left. */
    private boolean deleteAll(KubernetesClient client, String namespace, long id) {
        Map<String, String> selector = Map.of(WorkloadManifests.WORKLOAD_ID, Long.toString(id));
        List<HasMetadata> left = new ArrayList<>();
        left.addAll(client.apps()
                .statefulSets()
                .inNamespace(namespace)
                .withLabels(selector)
                .list()
                .getItems());
        left.addAll(client.apps()
                .deployments()
                .inNamespace(namespace)
                .withLabels(selector)
                .list()
                .getItems());
        left.addAll(client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withLabels(selector)
                .list()
                .getItems());
        left.addAll(client.autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(namespace)
                .withLabels(selector)
                .list()
                .getItems());
        left.addAll(client.services()
                .inNamespace(namespace)
                .withLabels(selector)
                .list()
                .getItems());
        left.addAll(client.persistentVolumeClaims()
                .inNamespace(namespace)
                .withLabels(selector)
                .list()
                .getItems());
        left.addAll(client.secrets()
                .inNamespace(namespace)
                .withLabels(selector)
                .list()
                .getItems());
        left.addAll(
                client.pods().inNamespace(namespace).withLabels(selector).list().getItems());
        for (HasMetadata object : left) {
            if (object.getMetadata().getDeletionTimestamp() == null) {
                client.resource(object)
                        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
                        .delete();
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
        worker.shutdownNow();
    }
}
