package dev.gpuportal.cluster.tenants;

import dev.gpuportal.base.Leadership;
import dev.gpuportal.cluster.engine.Apply;
import dev.gpuportal.cluster.engine.WantedState;
import dev.gpuportal.cluster.engine.WorkQueue;
import dev.gpuportal.cluster.registry.ClusterRegistry;
import dev.gpuportal.cluster.registry.KubernetesProperties;
import dev.gpuportal.cluster.registry.ManagedKinds;
import dev.gpuportal.cluster.registry.OwnedLabels;
import dev.gpuportal.cluster.registry.RegisteredCluster;
import dev.gpuportal.cluster.virtual.VirtualClusters;
import dev.gpuportal.gpu.GpuCatalogChanged;
import dev.gpuportal.tenancy.TenantChanged;
import dev.gpuportal.tenancy.TenantProvisioning.Phase;
import dev.gpuportal.tenancy.TenantSnapshot;
import dev.gpuportal.workload.WorkloadChanged;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * Keeps every tenant's Kubernetes objects equal to what the database says, on every cluster: level-triggered (each
 * pass looks at the whole desired state, not at what changed), idempotent (objects that already match are not
 * written), run on a change, on drift seen by the watches, and periodically. Each managed kind is its own dependent:
 * its wanted objects are applied when they differ and its owned objects no longer wanted are deleted; a kind that
 * fails does not stop the others.
 */
@Component
public class TenantReconciler implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TenantReconciler.class);

    /** The one cohort of a cluster: every tenant there lends to and borrows from all the others. */
    static final String COHORT = "gpu-portal";

    private final ClusterRegistry registry;
    private final WantedState wanted;
    private final KubernetesProperties properties;
    private final TenantStatusBoard status;
    private final VirtualClusters virtualClusters;
    private final WorkQueue<String> queue;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    TenantReconciler(
            ClusterRegistry registry,
            WantedState wanted,
            KubernetesProperties properties,
            TenantStatusBoard status,
            VirtualClusters virtualClusters,
            Leadership leadership,
            @Value("${gpu-portal.kubernetes.tenant-workers:16}") int workers) {
        this.registry = registry;
        this.wanted = wanted;
        this.properties = properties;
        this.status = status;
        this.virtualClusters = virtualClusters;
        // a pass writes a tenant's objects one after another, so the workers bound how many writes are in flight:
        // 1,000 new tenants took 109-111 s with 4 and 65 s with 16, where the raw API's 16 clients need 39-40 s
        this.queue =
                new WorkQueue<>("tenant-reconciler", workers, WorkQueue.Backoff.DEFAULT, slug -> pass(slug).outcome);
        leadership.whileLeading(queue::active);
        registry.listen(cluster -> cluster.owned().onChangeBeyondStatus(this::ownedObjectChanged));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onTenantChanged(TenantChanged event) {
        enqueue(event.slug());
    }

    /**
     * A workload was submitted, stopped or started: where Kueue runs, what its tenant's notebooks and endpoints hold
     * is kept out of the tenant's queue, so the tenant is looked at again.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onWorkloadChanged(WorkloadChanged event) {
        if (registry.all().stream().anyMatch(RegisteredCluster::hasKueue)) {
            enqueue(event.tenantSlug());
        }
    }

    /** A GPU profile changed: every tenant's quota keys may change with it. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onGpuCatalogChanged(GpuCatalogChanged event) {
        wanted.tenantSlugs().forEach(this::enqueue);
    }

    /** A tenant-level object changed or went away (a hand edit, a quota's status filled in): look at its tenant. */
    private void ownedObjectChanged(HasMetadata object) {
        if (ManagedKinds.of(object.getClass()).tenantLevel()) {
            Optional.ofNullable(object.getMetadata().getLabels())
                    .map(labels -> labels.get(OwnedLabels.TENANT))
                    .ifPresent(this::enqueue);
        }
    }

    /**
     * Reconciles every tenant now and then, which also repairs drift no watch saw. It reads the database and the
     * informer caches only: a resync that changes nothing sends no request to any API server.
     */
    @Scheduled(fixedDelayString = "${gpu-portal.kubernetes.resync-interval:30s}", initialDelayString = "2s")
    public void resyncAll() {
        wanted.tenantSlugs().forEach(this::enqueue);
        // Tenants the database no longer knows still own namespaces until they are removed.
        for (RegisteredCluster cluster : registry.all()) {
            for (Namespace ns : cluster.owned().list(Namespace.class, null, Map.of())) {
                String slug = ns.getMetadata().getLabels().get(OwnedLabels.TENANT);
                if (slug != null) {
                    if ("control-plane".equals(ns.getMetadata().getLabels().get(OwnedLabels.COMPONENT))) {
                        virtualClusters.noticeControlPlane(slug);
                    }
                    enqueue(slug);
                }
            }
        }
    }

    /** Queues one tenant; a tenant already waiting in the queue is not queued twice. */
    public void enqueue(String slug) {
        queue.add(slug);
    }

    /** Brings one tenant to its desired state on every registered cluster now; returns the number of writes. */
    public long reconcile(String slug) {
        return pass(slug).writes;
    }

    /** One pass over one tenant; passes over the same tenant never overlap. */
    private Pass pass(String slug) {
        synchronized (locks.computeIfAbsent(slug, k -> new Object())) {
            Pass pass = new Pass();
            Optional<WantedState.TenantWanted> found = wanted.tenant(slug);
            Optional<TenantSnapshot> tenant = found.map(WantedState.TenantWanted::tenant);
            boolean active = tenant.isPresent() && !tenant.get().archived();
            boolean dedicated = active && tenant.get().dedicated();
            boolean controlPlaneLeft = dedicated;
            for (RegisteredCluster cluster : registry.all()) {
                if (cluster.virtual()) {
                    continue; // reached through its host below
                }
                boolean placed = active && tenant.get().placedOn(cluster.name());
                try {
                    if (placed && !dedicated && cluster.hasKueue()) {
                        ensure(cluster, sharedBlueprint(found.get()), pass);
                        ensureQueues(cluster, found.get(), pass);
                    } else if (placed && !dedicated) {
                        ensure(cluster, blueprint(found.get()), pass);
                        removeQueues(cluster, slug, pass);
                    } else {
                        removeQueues(cluster, slug, pass);
                        // a dedicated tenant's host row shows its control plane, so it is not cleared here
                        remove(cluster, slug, !(placed && dedicated), pass);
                    }
                    if (placed && dedicated) {
                        Optional<RegisteredCluster> virtual =
                                virtualClusters.ensure(cluster, tenant.get(), pass::waitMore);
                        if (virtual.isPresent()) {
                            ensureInside(virtual.get(), found.get(), pass);
                        }
                    } else if (virtualClusters.mayHaveControlPlane(slug)) {
                        long left = tenant.map(t -> wanted.workloadsOf(t.id())).orElse(0L);
                        if (virtualClusters.remove(cluster, slug, left)) {
                            status.clear(slug, VirtualClusters.clusterName(slug));
                        } else {
                            controlPlaneLeft = true;
                            pass.waitMore();
                        }
                    }
                } catch (KubernetesClientException e) {
                    status.set(slug, cluster.name(), Phase.FAILED, Apply.reason(e));
                    log.warn("Tenant '{}' on cluster '{}': {}", slug, cluster.name(), Apply.reason(e));
                    controlPlaneLeft |= virtualClusters.mayHaveControlPlane(slug);
                    pass.failed();
                }
            }
            if (!controlPlaneLeft) {
                virtualClusters.forget(slug);
            }
            return pass;
        }
    }

    /** The tenant's setup inside its own virtual cluster. */
    private void ensureInside(RegisteredCluster virtual, WantedState.TenantWanted tenant, Pass pass) {
        try {
            ensure(virtual, blueprint(tenant).inWholeCluster(), pass);
        } catch (KubernetesClientException e) {
            status.set(tenant.tenant().slug(), virtual.name(), Phase.FAILED, Apply.reason(e));
            log.warn("Tenant '{}' in its virtual cluster: {}", tenant.tenant().slug(), Apply.reason(e));
            pass.failed();
        }
    }

    private TenantBlueprint blueprint(WantedState.TenantWanted t) {
        return TenantBlueprints.blueprint(
                t.tenant().slug(), t.quota(), t.catalog(), t.tenant().members(), properties);
    }

    private TenantBlueprint sharedBlueprint(WantedState.TenantWanted t) {
        return TenantBlueprints.sharedBlueprint(
                t.tenant().slug(),
                t.quota(),
                t.sharing(),
                t.catalog(),
                t.tenant().members(),
                properties);
    }

    /**
     * The tenant's Kueue objects where the cluster runs Kueue: the cohort and flavors it shares with the others, its
     * ClusterQueue and, once its namespace exists, its LocalQueue. Each is compared with what the portal's watch of
     * its Kueue objects last saw and written only when it differs: an idle pass sends no request.
     */
    private void ensureQueues(RegisteredCluster cluster, WantedState.TenantWanted t, Pass pass) {
        if (cluster.owned()
                .get(Namespace.class, null, properties.namespaceOf(t.tenant().slug()))
                .isEmpty()) {
            pass.waitMore(); // the namespace is not in the cache yet (or is someone else's): look again soon
            return;
        }
        KueueBlueprint queues = TenantBlueprints.kueue(
                t.tenant().slug(),
                t.quota(),
                t.sharing(),
                t.heldOutsideQueue(),
                t.catalog(),
                cluster.gpuFamilies(),
                properties,
                COHORT);
        try {
            for (GenericKubernetesResource object : KueueManifests.render(queues)) {
                if (Apply.ifChanged(cluster, object)) {
                    pass.writes++;
                }
            }
        } catch (KubernetesClientException e) {
            status.set(t.tenant().slug(), cluster.name(), Phase.FAILED, "Kueue queues: " + Apply.reason(e));
            log.warn(
                    "Kueue queues of tenant '{}' on cluster '{}': {}",
                    t.tenant().slug(),
                    cluster.name(),
                    Apply.reason(e));
            pass.failed();
        }
    }

    /** Deletes the tenant's ClusterQueue (its LocalQueue goes with its namespace) where Kueue runs. */
    private void removeQueues(RegisteredCluster cluster, String slug, Pass pass) {
        if (!cluster.hasKueue()) {
            return;
        }
        // From the watch; one LIST only before it has listed them (just after Kueue was found)
        var queues = cluster.kueueClusterQueues()
                .map(all -> all.stream()
                        .filter(q -> slug.equals(q.getMetadata().getLabels().get(OwnedLabels.TENANT)))
                        .toList())
                .orElseGet(() -> cluster.client()
                        .genericKubernetesResources(KueueManifests.API_VERSION, "ClusterQueue")
                        .withLabels(Map.of(OwnedLabels.MANAGED_BY, OwnedLabels.MANAGER, OwnedLabels.TENANT, slug))
                        .list()
                        .getItems());
        for (GenericKubernetesResource queue : queues) {
            if (queue.getMetadata().getDeletionTimestamp() == null) {
                Apply.delete(cluster, queue);
                pass.writes++;
                log.info(
                        "Removed ClusterQueue {} of tenant '{}'",
                        queue.getMetadata().getName(),
                        slug);
            }
        }
    }

    private void ensure(RegisteredCluster cluster, TenantBlueprint tenant, Pass pass) {
        // An owned namespace is in the cache; one that is not may be someone else's, so only then ask.
        Namespace existing = cluster.owned()
                .get(Namespace.class, null, tenant.namespace())
                .orElseGet(() -> cluster.client()
                        .namespaces()
                        .withName(tenant.namespace())
                        .get());
        if (existing != null && !OwnedLabels.ownedBy(existing, tenant.slug())) {
            status.set(
                    tenant.slug(),
                    cluster.name(),
                    Phase.FAILED,
                    "Namespace '" + tenant.namespace() + "' already exists and is not managed by the GPU portal"
                            + " for this tenant: it will not be taken over. Delete or relabel it, or use another"
                            + " tenant slug.");
            return;
        }
        if (existing != null && existing.getMetadata().getDeletionTimestamp() != null) {
            status.set(tenant.slug(), cluster.name(), Phase.PROGRESSING, "Waiting for the old namespace to go away");
            pass.waitMore();
            return;
        }
        Map<Class<? extends HasMetadata>, List<HasMetadata>> desired = new LinkedHashMap<>();
        for (HasMetadata object : TenantManifests.render(tenant)) {
            desired.computeIfAbsent(object.getClass(), k -> new ArrayList<>()).add(object);
        }
        List<HasMetadata> changed = desired.values().stream()
                .flatMap(List::stream)
                .filter(object -> Apply.needsWrite(cluster, object))
                .toList();
        if (!changed.isEmpty()) {
            status.set(
                    tenant.slug(),
                    cluster.name(),
                    Phase.PROGRESSING,
                    "Applying " + changed.stream().map(HasMetadata::getKind).collect(Collectors.joining(", ")));
        }
        List<String> failures = new ArrayList<>();
        for (ManagedKinds.Kind kind : ManagedKinds.tenantLevel()) {
            if (!kind.namespaced() && kind.type() != Namespace.class && !tenant.wholeCluster()) {
                continue; // cluster-wide RBAC exists only in a tenant's own cluster
            }
            List<HasMetadata> wantedOfKind = desired.getOrDefault(kind.type(), List.of());
            try {
                for (HasMetadata object : wantedOfKind) {
                    if (changed.contains(object)) {
                        Apply.apply(cluster, object);
                        pass.writes++;
                    }
                }
                if (kind.type() != Namespace.class) { // the namespace goes only with the whole tenant
                    prune(cluster, kind, tenant, wantedOfKind, pass);
                }
            } catch (KubernetesClientException e) {
                failures.add(kind.name() + ": " + Apply.reason(e));
            }
        }
        if (!failures.isEmpty()) {
            status.set(tenant.slug(), cluster.name(), Phase.FAILED, String.join("; ", failures));
            log.warn("Tenant '{}' on cluster '{}': {}", tenant.slug(), cluster.name(), failures);
            pass.failed();
            return;
        }
        Optional<ResourceQuota> quota =
                cluster.owned().get(ResourceQuota.class, tenant.namespace(), TenantManifests.QUOTA_NAME);
        boolean quotaActive = cluster.demo()
                || quota.filter(q -> q.getStatus() != null && q.getStatus().getHard() != null)
                        .isPresent();
        if (quotaActive) {
            status.set(
                    tenant.slug(),
                    cluster.name(),
                    Phase.READY,
                    "Namespace " + tenant.namespace() + " with quota, limits, RBAC and network policies"
                            + (tenant.wholeCluster() ? "; tenant admins are cluster-admin here" : ""));
        } else {
            status.set(tenant.slug(), cluster.name(), Phase.PROGRESSING, "Waiting for the quota to become active");
            pass.waitMore();
        }
    }

    /** Deletes the tenant's owned objects of one kind that the blueprint no longer has. */
    private void prune(
            RegisteredCluster cluster,
            ManagedKinds.Kind kind,
            TenantBlueprint tenant,
            List<HasMetadata> wantedOfKind,
            Pass pass) {
        Set<String> names =
                wantedOfKind.stream().map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
        Map<String, String> selector = Map.of(OwnedLabels.TENANT, tenant.slug());
        for (HasMetadata object :
                cluster.owned().list(kind.type(), kind.namespaced() ? tenant.namespace() : null, selector)) {
            if (!names.contains(object.getMetadata().getName())
                    && object.getMetadata().getDeletionTimestamp() == null) {
                Apply.delete(cluster, object);
                pass.writes++;
                log.info(
                        "Removed {} {}/{} the tenant no longer needs",
                        object.getKind(),
                        tenant.namespace(),
                        object.getMetadata().getName());
            }
        }
    }

    /** Deletes the tenant's namespaces (found by label) from a cluster it should no longer be on. */
    private void remove(RegisteredCluster cluster, String slug, boolean clearStatus, Pass pass) {
        List<Namespace> namespaces =
                cluster.owned().list(Namespace.class, null, Map.of(OwnedLabels.TENANT, slug)).stream()
                        .filter(ns -> !"control-plane"
                                .equals(ns.getMetadata().getLabels().get(OwnedLabels.COMPONENT)))
                        .toList();
        if (namespaces.isEmpty()) {
            if (clearStatus) {
                status.clear(slug, cluster.name());
            }
            return;
        }
        for (Namespace ns : namespaces) {
            if (ns.getMetadata().getDeletionTimestamp() == null) {
                Apply.delete(cluster, ns);
                pass.writes++;
                log.info(
                        "Deleting namespace {} of tenant '{}' on cluster '{}'",
                        ns.getMetadata().getName(),
                        slug,
                        cluster.name());
            }
        }
        status.set(
                slug,
                cluster.name(),
                Phase.REMOVING,
                "Deleting namespace "
                        + namespaces.stream()
                                .map(n -> n.getMetadata().getName())
                                .collect(Collectors.joining(", ")));
        pass.waitMore();
    }

    /** What one pass did and what it asks for next. */
    private static final class Pass {
        long writes;
        WorkQueue.Outcome outcome = WorkQueue.Outcome.DONE;

        void waitMore() {
            if (outcome == WorkQueue.Outcome.DONE) {
                outcome = WorkQueue.Outcome.WAIT;
            }
        }

        void failed() {
            outcome = WorkQueue.Outcome.FAILED;
        }
    }

    @Override
    public void destroy() {
        queue.close();
    }
}
