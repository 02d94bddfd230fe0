package dev.gpuportal.cluster;

import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.security.SystemIdentity;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.Tenant;
import dev.gpuportal.tenancy.TenantChanged;
import dev.gpuportal.tenancy.TenantProvisioning.Phase;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.workload.WorkloadService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps every tenant's Kubernetes objects equal to what the database says, on every cluster: level-triggered (each
 * pass looks at the whole desired state, not at what changed), idempotent (objects that already match are not
 * written), run on a change, on drift seen by the watches, and periodically.
 */
@Component
public class TenantReconciler implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TenantReconciler.class);

    private final ClusterRegistry registry;
    private final TenantService tenants;
    private final MembershipService memberships;
    private final QuotaService quotas;
    private final GpuCatalog catalog;
    private final KubernetesProperties properties;
    private final TenantStatusBoard status;
    private final VirtualClusters virtualClusters;
    private final WorkloadService workloads;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("tenant-reconciler").daemon().factory());
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final AtomicLong writes = new AtomicLong();

    TenantReconciler(
            ClusterRegistry registry,
            TenantService tenants,
            MembershipService memberships,
            QuotaService quotas,
            GpuCatalog catalog,
            KubernetesProperties properties,
            TenantStatusBoard status,
            VirtualClusters virtualClusters,
            WorkloadService workloads) {
        this.virtualClusters = virtualClusters;
        this.workloads = workloads;
        this.registry = registry;
        this.tenants = tenants;
        this.memberships = memberships;
        this.quotas = quotas;
        this.catalog = catalog;
        this.properties = properties;
        this.status = status;
        registry.listen(cluster -> OwnedObjectWatch.start(cluster, this::enqueue));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onTenantChanged(TenantChanged event) {
        enqueue(event.slug());
    }

    /** Reconciles every tenant now and then, which also repairs drift no watch saw. */
    @Scheduled(fixedDelayString = "${gpu-portal.kubernetes.resync-interval:30s}", initialDelayString = "2s")
    public void resyncAll() {
        SystemIdentity.run(() -> tenants.visibleTenants().forEach(t -> enqueue(t.getSlug())));
        // Tenants the database no longer knows still own namespaces until they are removed.
        for (RegisteredCluster cluster : registry.all()) {
            try {
                cluster.client()
                        .namespaces()
                        .withLabel(OwnedLabels.MANAGED_BY, OwnedLabels.MANAGER)
                        .list()
                        .getItems()
                        .forEach(ns -> Optional.ofNullable(
                                        ns.getMetadata().getLabels().get(OwnedLabels.TENANT))
                                .ifPresent(slug -> {
                                    if ("control-plane"
                                            .equals(ns.getMetadata().getLabels().get(OwnedLabels.COMPONENT))) {
                                        virtualClusters.noticeControlPlane(slug);
                                    }
                                    enqueue(slug);
                                }));
            } catch (KubernetesClientException e) {
                log.debug("Cannot list namespaces of cluster '{}': {}", cluster.name(), reason(e));
            }
        }
    }

    /** Queues one tenant; a tenant already waiting in the queue is not queued twice. */
    public void enqueue(String slug) {
        if (queued.add(slug)) {
            worker.execute(() -> {
                queued.remove(slug);
                try {
                    reconcile(slug);
                } catch (RuntimeException e) {
                    log.error("Reconciling tenant '{}' failed", slug, e);
                }
            });
        }
    }

    /** How many objects the reconciler has written (applied or deleted) since start. */
    public long writeCount() {
        return writes.get();
    }

    /** Brings one tenant to its desired state on every registered cluster; returns the number of writes. */
    public synchronized long reconcile(String slug) {
        return SystemIdentity.call(() -> {
            long before = writes.get();
            Optional<Tenant> tenant = tenants.findForInternalUse(slug);
            boolean active = tenant.isPresent() && !tenant.get().isArchived();
            boolean dedicated = active && tenant.get().isDedicated();
            boolean controlPlaneLeft = dedicated;
            for (RegisteredCluster cluster : registry.all()) {
                if (cluster.virtual()) {
                    continue; // reached through its host below
                }
                boolean placed = active && tenant.get().getClusters().contains(cluster.name());
                try {
                    if (placed && !dedicated) {
                        ensure(cluster, blueprint(slug));
                    } else {
                        // a dedicated tenant's host row shows its control plane, so it is not cleared here
                        remove(cluster, slug, !(placed && dedicated));
                    }
                    if (placed && dedicated) {
                        Optional<RegisteredCluster> virtual =
                                virtualClusters.ensure(cluster, tenant.get(), () -> enqueue(slug));
                        if (virtual.isPresent()) {
                            ensureInside(virtual.get(), slug);
                        }
                    } else if (virtualClusters.mayHaveControlPlane(slug)) {
                        long left = tenant.map(t -> workloads.countForInternalUse(t.getId()))
                                .orElse(0L);
                        if (virtualClusters.remove(cluster, slug, left)) {
                            status.clear(slug, VirtualClusters.clusterName(slug));
                        } else {
                            controlPlaneLeft = true;
                            Apply.later(() -> enqueue(slug));
                        }
                    }
                } catch (KubernetesClientException e) {
                    status.set(slug, cluster.name(), Phase.FAILED, reason(e));
                    log.warn("Tenant '{}' on cluster '{}': {}", slug, cluster.name(), reason(e));
                    controlPlaneLeft |= virtualClusters.mayHaveControlPlane(slug);
                }
            }
            if (!controlPlaneLeft) {
                virtualClusters.forget(slug);
            }
            return writes.get() - before;
        });
    }

    /** The tenant's setup inside its own virtual cluster. */
    private void ensureInside(RegisteredCluster virtual, String slug) {
        try {
            ensure(virtual, blueprint(slug).inWholeCluster());
        } catch (KubernetesClientException e) {
            status.set(slug, virtual.name(), Phase.FAILED, reason(e));
            log.warn("Tenant '{}' in its virtual cluster: {}", slug, reason(e));
        }
    }

    private TenantBlueprint blueprint(String slug) {
        return TenantBlueprints.blueprint(
                slug, quotas.quotaOf(slug).limits(), catalog.allForAccounting(), memberships.members(slug), properties);
    }

    private void ensure(RegisteredCluster cluster, TenantBlueprint tenant) {
        KubernetesClient client = cluster.client();
        Namespace existing = client.namespaces().withName(tenant.namespace()).get();
        if (existing != null && !ownedBy(existing, tenant.slug())) {
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
            return;
        }
        List<HasMetadata> desired = TenantManifests.render(tenant);
        List<HasMetadata> changed = desired.stream()
                .filter(object -> Apply.needsWrite(client, object))
                .toList();
        if (!changed.isEmpty()) {
            status.set(
                    tenant.slug(),
                    cluster.name(),
                    Phase.PROGRESSING,
                    "Applying " + changed.stream().map(o -> o.getKind()).collect(Collectors.joining(", ")));
            for (HasMetadata object : changed) {
                Apply.apply(cluster, object);
                writes.incrementAndGet();
            }
        }
        prune(client, tenant, desired);
        ResourceQuota quota = client.resourceQuotas()
                .inNamespace(tenant.namespace())
                .withName(TenantManifests.QUOTA_NAME)
                .get();
        boolean quotaActive = cluster.demo()
                || (quota != null
                        && quota.getStatus() != null
                        && quota.getStatus().getHard() != null);
        if (quotaActive) {
            status.set(
                    tenant.slug(),
                    cluster.name(),
                    Phase.READY,
                    "Namespace " + tenant.namespace() + " with quota, limits, RBAC and network policies"
                            + (tenant.wholeCluster() ? "; tenant admins are cluster-admin here" : ""));
        } else {
            status.set(tenant.slug(), cluster.name(), Phase.PROGRESSING, "Waiting for the quota to become active");
            Apply.later(() -> enqueue(tenant.slug()));
        }
    }

    /** Deletes owned objects of the tenant's namespace that the blueprint no longer has. */
    private void prune(KubernetesClient client, TenantBlueprint tenant, List<HasMetadata> desired) {
        Set<String> wanted = desired.stream()
                .map(o -> o.getKind() + "/" + o.getMetadata().getName())
                .collect(Collectors.toSet());
        String ns = tenant.namespace();
        Map<String, String> selector =
                Map.of(OwnedLabels.MANAGED_BY, OwnedLabels.MANAGER, OwnedLabels.TENANT, tenant.slug());
        List<HasMetadata> owned = new java.util.ArrayList<>();
        owned.addAll(client.resourceQuotas()
                .inNamespace(ns)
                .withLabels(selector)
                .list()
                .getItems());
        owned.addAll(
                client.limitRanges().inNamespace(ns).withLabels(selector).list().getItems());
        owned.addAll(client.rbac()
                .roleBindings()
                .inNamespace(ns)
                .withLabels(selector)
                .list()
                .getItems());
        owned.addAll(client.network()
                .v1()
                .networkPolicies()
                .inNamespace(ns)
                .withLabels(selector)
                .list()
                .getItems());
        if (tenant.wholeCluster()) {
            owned.addAll(client.rbac()
                    .clusterRoleBindings()
                    .withLabels(selector)
                    .list()
                    .getItems());
            owned.addAll(
                    client.rbac().clusterRoles().withLabels(selector).list().getItems());
        }
        for (HasMetadata object : owned) {
            if (!wanted.contains(object.getKind() + "/" + object.getMetadata().getName())) {
                client.resource(object).delete();
                writes.incrementAndGet();
                log.info(
                        "Removed {} {}/{} the tenant no longer needs",
                        object.getKind(),
                        ns,
                        object.getMetadata().getName());
            }
        }
    }

    /** Deletes the tenant's namespaces (found by label) from a cluster it should no longer be on. */
    private void remove(RegisteredCluster cluster, String slug, boolean clearStatus) {
        List<Namespace> namespaces = cluster
                .client()
                .namespaces()
                .withLabels(Map.of(OwnedLabels.MANAGED_BY, OwnedLabels.MANAGER, OwnedLabels.TENANT, slug))
                .list()
                .getItems()
                .stream()
                .filter(ns ->
                        !"control-plane".equals(ns.getMetadata().getLabels().get(OwnedLabels.COMPONENT)))
                .toList();
        if (namespaces.isEmpty()) {
            if (clearStatus) {
                status.clear(slug, cluster.name());
            }
            return;
        }
        for (Namespace ns : namespaces) {
            if (ns.getMetadata().getDeletionTimestamp() == null) {
                cluster.client().resource(ns).delete();
                writes.incrementAndGet();
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
        Apply.later(() -> enqueue(slug));
    }

    static boolean ownedBy(Namespace ns, String slug) {
        Map<String, String> labels = ns.getMetadata().getLabels();
        return OwnedLabels.isOwned(labels) && slug.equals(labels.get(OwnedLabels.TENANT));
    }

    static String reason(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        return ClusterRegistry.rootMessage(e);
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
