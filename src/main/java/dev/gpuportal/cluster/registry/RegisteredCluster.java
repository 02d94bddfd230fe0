package dev.gpuportal.cluster.registry;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A cluster the portal manages: its client, its node informer, and what the last probe found. */
public final class RegisteredCluster {

    static final String REGION_LABEL = "topology.kubernetes.io/region";

    private final String name;
    private final List<String> configuredRegions;
    private final boolean demo;
    private final String source;
    private final KubernetesClient client;
    private volatile SharedIndexInformer<Node> nodes;
    private volatile java.util.concurrent.CompletableFuture<Void> nodesSynced =
            new java.util.concurrent.CompletableFuture<>();
    private volatile boolean reachable;
    private volatile String version = "";
    private volatile String lastError = "";
    private volatile Instant probedAt;
    private volatile Instant unreachableSince;
    private volatile boolean kueue;
    private volatile boolean virtualClusters;
    private final String host;
    private final String ownerTenant;
    private final List<AutoCloseable> watches = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final OwnedObjects owned;
    /** Counts the changes of the nodes' shape (see {@link NodeShape}): what is worked out from it is kept until then. */
    private final java.util.concurrent.atomic.AtomicLong nodeShape = new java.util.concurrent.atomic.AtomicLong();

    private volatile ShapeOf<List<GpuFamily>> families;

    /** A value worked out from the nodes when their shape was at {@code version}. */
    private record ShapeOf<T>(long version, T value) {}

    RegisteredCluster(
            String name, List<String> configuredRegions, boolean demo, String source, KubernetesClient client) {
        this(name, configuredRegions, demo, source, client, null, null);
    }

    /** A cluster; for a tenant's virtual cluster also the host it runs on and the tenant it belongs to. */
    RegisteredCluster(
            String name,
            List<String> configuredRegions,
            boolean demo,
            String source,
            KubernetesClient client,
            String host,
            String ownerTenant) {
        this.name = name;
        this.configuredRegions = List.copyOf(configuredRegions);
        this.demo = demo;
        this.source = source;
        this.client = client;
        this.host = host;
        this.ownerTenant = ownerTenant;
        this.owned = new OwnedObjects(name, client);
    }

    /** The objects the portal owns here, from the informer caches. */
    public OwnedObjects owned() {
        return owned;
    }

    /** Whether this is a tenant's virtual cluster (registered by the portal, not configured). */
    public boolean virtual() {
        return ownerTenant != null;
    }

    /** The host cluster a virtual cluster's control plane runs on; null for a configured cluster. */
    public String host() {
        return host;
    }

    /** The dedicated tenant a virtual cluster belongs to; null for a configured cluster. */
    String ownerTenant() {
        return ownerTenant;
    }

    /** Remembers a watch to stop when the cluster is unregistered. */
    void closeWithCluster(AutoCloseable watch) {
        watches.add(watch);
    }

    /** Stops the cluster's watches and its client. */
    void close() {
        for (AutoCloseable watch : watches) {
            try {
                watch.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
        SharedIndexInformer<Node> informer = nodes;
        if (informer != null) {
            informer.close();
        }
        owned.close();
        client.close();
    }

    public String name() {
        return name;
    }

    public boolean demo() {
        return demo;
    }

    String source() {
        return source;
    }

    public KubernetesClient client() {
        return client;
    }

    /** Starts the node informer and the caches of owned objects. */
    void startInformers(SharedIndexInformer<Node> nodeInformer) {
        this.nodes = nodeInformer;
        nodesReshaped();
        this.nodesSynced = nodeInformer.start().toCompletableFuture();
        owned.start();
    }

    /** Waits at most {@code timeout} for the first lists of nodes and owned objects; true when all arrived. */
    boolean awaitSynced(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            nodesSynced.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
        return owned.awaitSynced(java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    void probed(boolean reachable, String version, String error, Instant at) {
        if (!reachable && (this.reachable || probedAt == null)) {
            unreachableSince = at;
        } else if (reachable) {
            unreachableSince = null;
        }
        this.reachable = reachable;
        this.version = version == null ? "" : version;
        this.lastError = error == null ? "" : error;
        this.probedAt = at;
    }

    void kueue(boolean installed) {
        this.kueue = installed;
        if (installed && kueueWorkloads == null) {
            watchKueueWorkloads();
        }
    }

    /** Kueue's Workload objects (one per queued Job), watched once the cluster is seen to run Kueue. */
    private volatile SharedIndexInformer<GenericKubernetesResource> kueueWorkloads;

    private final List<java.util.function.Consumer<GenericKubernetesResource>> kueueListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private synchronized void watchKueueWorkloads() {
        if (kueueWorkloads != null) {
            return;
        }
        SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(
                        "kueue.x-k8s.io/v1beta2", "Workload")
                .inAnyNamespace()
                .runnableInformer(0);
        informer.itemStore(new TrimmedItemStore<>(null)); // one per queued Job; their managed fields are never read
        informer.exceptionHandler((started, error) -> true);
        informer.addEventHandler(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource w) {
                kueueListeners.forEach(l -> l.accept(w));
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                kueueListeners.forEach(l -> l.accept(after));
            }

            @Override
            public void onDelete(GenericKubernetesResource w, boolean unknownFinalState) {
                kueueListeners.forEach(l -> l.accept(w));
            }
        });
        informer.start();
        closeWithCluster(informer::close);
        kueueWorkloads = informer;
        for (String kind : OWNED_KUEUE_KINDS) {
            var objects = client.genericKubernetesResources("kueue.x-k8s.io/v1beta2", kind);
            SharedIndexInformer<GenericKubernetesResource> watch = ("LocalQueue".equals(kind)
                            ? objects.inAnyNamespace().withLabel(OwnedLabels.MANAGED_BY, OwnedLabels.MANAGER)
                            : objects.withLabel(OwnedLabels.MANAGED_BY, OwnedLabels.MANAGER))
                    .runnableInformer(0);
            watch.exceptionHandler((started, error) -> true);
            watch.start();
            closeWithCluster(watch::close);
            kueueObjects.put(kind, watch);
        }
    }

    /** The Kueue kinds the portal writes (labelled as its own), each watched once Kueue is found. */
    public static final List<String> OWNED_KUEUE_KINDS =
            List.of("Cohort", "ResourceFlavor", "ClusterQueue", "LocalQueue");

    private final Map<String, SharedIndexInformer<GenericKubernetesResource>> kueueObjects =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The portal's Kueue objects of one of {@link #OWNED_KUEUE_KINDS} as last seen (ClusterQueues with Kueue's figures
     * in their status), so a page or a pass that compares needs no request; empty until the watch has listed them
     * (and where Kueue does not run).
     */
    public Optional<List<GenericKubernetesResource>> kueueObjects(String kind) {
        SharedIndexInformer<GenericKubernetesResource> informer = kueueObjects.get(kind);
        return informer != null && informer.hasSynced()
                ? Optional.of(informer.getStore().list())
                : Optional.empty();
    }

    /**
     * One of the portal's Kueue objects from its watch: empty when the watch has not listed yet, an empty inner
     * Optional when it has and the object is not there.
     */
    public Optional<Optional<GenericKubernetesResource>> kueueObject(String kind, String namespace, String name) {
        SharedIndexInformer<GenericKubernetesResource> informer = kueueObjects.get(kind);
        if (informer == null || !informer.hasSynced()) {
            return Optional.empty();
        }
        return Optional.of(Optional.ofNullable(informer.getStore()
                .getByKey(io.fabric8.kubernetes.client.informers.cache.Cache.namespaceKeyFunc(namespace, name))));
    }

    /** The portal's ClusterQueues as last seen; see {@link #kueueObjects(String)}. */
    public Optional<List<GenericKubernetesResource>> kueueClusterQueues() {
        return kueueObjects("ClusterQueue");
    }

    /** Kueue's Workloads as last seen (empty where Kueue does not run). */
    public List<GenericKubernetesResource> kueueWorkloads() {
        SharedIndexInformer<GenericKubernetesResource> informer = kueueWorkloads;
        return informer == null ? List.of() : informer.getStore().list();
    }

    /** Told of every change to a Kueue Workload on this cluster. */
    public void onKueueWorkloadChange(java.util.function.Consumer<GenericKubernetesResource> listener) {
        kueueListeners.add(listener);
    }

    void virtualClusters(boolean served) {
        this.virtualClusters = served;
    }

    /** Whether the virtual cluster provider's API is installed (then dedicated tenants can live here). */
    boolean servesVirtualClusters() {
        return virtualClusters;
    }

    /** Whether Kueue's LocalQueue CRD is installed (then Jobs get the tenant's queue label). */
    public boolean hasKueue() {
        return kueue;
    }

    boolean reachable() {
        return reachable;
    }

    /**
     * Why this cluster counts as unreachable and since when, once a probe has failed; empty while it answers or
     * before the first probe (a cluster is not marked down before anyone has asked it).
     */
    public Optional<Outage> outage() {
        Instant since = unreachableSince;
        return reachable || since == null ? Optional.empty() : Optional.of(new Outage(since, lastError));
    }

    /** A cluster that stopped answering: since the first probe that failed, with the last probe's error. */
    public record Outage(Instant since, String error) {}

    String version() {
        return version;
    }

    String lastError() {
        return lastError;
    }

    Instant probedAt() {
        return probedAt;
    }

    List<Node> nodes() {
        SharedIndexInformer<Node> informer = nodes;
        return informer == null ? List.of() : informer.getStore().list();
    }

    /** Configured regions, else the regions its nodes are labelled with. */
    Set<String> regions() {
        if (!configuredRegions.isEmpty()) {
            return new TreeSet<>(configuredRegions);
        }
        Set<String> regions = new TreeSet<>();
        for (Node node : nodes()) {
            String region = node.getMetadata().getLabels() == null
                    ? null
                    : node.getMetadata().getLabels().get(REGION_LABEL);
            if (region != null) {
                regions.add(region);
            }
        }
        return regions;
    }

    /** GPU resources (nvidia.com/*) summed over the nodes, except those of the excluded pools. */
    Map<String, long[]> gpuResources(Set<String> excludedPools) {
        Map<String, long[]> totals = new TreeMap<>();
        for (Node node : nodes()) {
            if (excludedPools.contains(poolOf(node))) {
                continue;
            }
            if (node.getStatus() == null) {
                continue;
            }
            add(totals, node.getStatus().getCapacity(), 0);
            add(totals, node.getStatus().getAllocatable(), 1);
        }
        return totals;
    }

    static final String PRODUCT_LABEL = "nvidia.com/gpu.product";

    /**
     * The GPU families the nodes offer (allocatable units per resource name and product), in a stable order, with
     * whether all their nodes name their topology and the RDMA resource all of them advertise.
     */
    public List<GpuFamily> gpuFamilies() {
        // every workload's pass asks; with a thousand nodes, working it out each time was most of a pass's CPU
        long version = nodeShape.get();
        ShapeOf<List<GpuFamily>> known = families;
        if (known != null && known.version() == version) {
            return known.value();
        }
        List<GpuFamily> found = List.copyOf(gpuFamiliesOf(nodes()));
        families = new ShapeOf<>(version, found);
        return found;
    }

    /** The nodes were added, removed, relabelled or changed what they offer (not a heartbeat). */
    void nodesReshaped() {
        nodeShape.incrementAndGet();
    }

    static List<GpuFamily> gpuFamiliesOf(List<Node> nodes) {
        Map<String, Map<String, FamilyNodes>> families = new TreeMap<>();
        for (Node node : nodes) {
            if (node.getStatus() == null || node.getStatus().getAllocatable() == null) {
                continue;
            }
            Map<String, String> labels = node.getMetadata().getLabels();
            String product = labels == null ? "" : labels.getOrDefault(PRODUCT_LABEL, "");
            node.getStatus().getAllocatable().forEach((resource, quantity) -> {
                long amount = Quantity.getAmountInBytes(quantity).longValue();
                if (resource.startsWith("nvidia.com/") && amount > 0) {
                    families.computeIfAbsent(resource, k -> new TreeMap<>())
                            .computeIfAbsent(product, k -> new FamilyNodes())
                            .add(amount, labels, node.getStatus().getAllocatable());
                }
            });
        }
        List<GpuFamily> result = new java.util.ArrayList<>();
        families.forEach((resource, byProduct) -> byProduct.forEach((product, onNodes) ->
                result.add(new GpuFamily(resource, product, onNodes.units, onNodes.topology, onNodes.rdma()))));
        return result;
    }

    /** What the nodes of one GPU family have in common, gathered node by node. */
    private static final class FamilyNodes {
        long units;
        boolean topology = true;
        Set<String> rdma;

        void add(long amount, Map<String, String> labels, Map<String, Quantity> allocatable) {
            units += amount;
            topology &=
                    labels != null && labels.containsKey(NodeTopology.BLOCK) && labels.containsKey(NodeTopology.RACK);
            Set<String> offered = new TreeSet<>();
            allocatable.forEach((name, quantity) -> {
                if (name.startsWith(NodeTopology.RDMA_PREFIX)
                        && Quantity.getAmountInBytes(quantity).signum() > 0) {
                    offered.add(name);
                }
            });
            if (rdma == null) {
                rdma = offered;
            } else {
                rdma.retainAll(offered);
            }
        }

        String rdma() {
            return rdma == null || rdma.isEmpty() ? null : rdma.iterator().next();
        }
    }

    static final String POOL_LABEL = "gpu-portal.dev/pool";

    static String poolOf(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        return labels == null ? "" : labels.getOrDefault(POOL_LABEL, "");
    }

    /** The node pools of this cluster's nodes. */
    Set<String> nodePools() {
        Set<String> pools = new TreeSet<>();
        for (Node node : nodes()) {
            if (!poolOf(node).isEmpty()) {
                pools.add(poolOf(node));
            }
        }
        return pools;
    }

    private static void add(Map<String, long[]> totals, Map<String, Quantity> resources, int slot) {
        if (resources == null) {
            return;
        }
        resources.forEach((resource, quantity) -> {
            if (resource.startsWith("nvidia.com/")) {
                BigDecimal amount = Quantity.getAmountInBytes(quantity);
                totals.computeIfAbsent(resource, k -> new long[2])[slot] += amount.longValue();
            }
        });
    }
}
