package dev.gpuportal.cluster.registry;

import dev.gpuportal.quota.GpuSharing;
import dev.gpuportal.quota.QueueFigures;
import dev.gpuportal.security.DemoLoginCondition;
import dev.gpuportal.tenancy.ClusterDirectory;
import dev.gpuportal.tenancy.ClusterSummary;
import dev.gpuportal.workload.FastInterconnect;
import dev.gpuportal.workload.GpuNodeCapacity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** The clusters the portal manages, each with a client and a node informer; probed periodically. */
@Component
public class ClusterRegistry
        implements ClusterDirectory, GpuNodeCapacity, GpuSharing, FastInterconnect, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ClusterRegistry.class);

    private final Map<String, RegisteredCluster> clusters =
            java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Consumer<String>> nodeListeners = new CopyOnWriteArrayList<>();
    private final List<ClusterListener> clusterListeners = new CopyOnWriteArrayList<>();
    /** Host cluster → node pool → the dedicated tenant it serves alone. */
    private final Map<String, Map<String, String>> dedicatedPools = new java.util.concurrent.ConcurrentHashMap<>();

    private final Clock clock;
    private DemoCluster demoCluster;

    private final String virtualClusterVersion;
    private final List<String> virtualClusterVersions;
    /** The configured virtual cluster provider, asked whether a host serves its API; null if none matches. */
    private final VirtualClusterHosting virtualClusterProvider;

    ClusterRegistry(
            KubernetesProperties properties,
            VirtualClusterProperties virtualClusters,
            List<VirtualClusterHosting> providers,
            Environment env,
            Clock clock) {
        this.clock = clock;
        this.virtualClusterVersion = virtualClusters.kubernetesVersion();
        this.virtualClusterVersions = List.copyOf(virtualClusters.supportedVersions());
        this.virtualClusterProvider = providers.stream()
                .filter(p -> p.name().equals(virtualClusters.provider()))
                .findFirst()
                .orElse(null);
        for (KubernetesProperties.ClusterConfig config : properties.clusters()) {
            register(config.name(), config.regions(), false, describe(config), clientFor(config));
        }
        String kubeconfig = env.getProperty("KUBECONFIG", "");
        if (clusters.isEmpty()
                && !kubeconfig.isBlank()
                && Files.isReadable(Path.of(kubeconfig.split(":")[0]))) {
            register(
                    properties.kubeconfigEnvClusterName(),
                    properties.kubeconfigEnvRegions(),
                    false,
                    "KUBECONFIG " + kubeconfig,
                    new KubernetesClientBuilder()
                            .withConfig(Config.fromKubeconfig(
                                    null, readFile(kubeconfig.split(":")[0]), kubeconfig))
                            .build());
        }
        if (clusters.isEmpty() && DemoLoginCondition.isDemo(env)) {
            demoCluster = DemoCluster.start();
            register("demo", List.of(), true, "in-memory demo cluster", demoCluster.client());
        }
        all().forEach(this::startNodeInformer);
        awaitInformers();
        probe();
    }

    /** Told when a cluster is registered (also for those registered before) and when one goes away. */
    public interface ClusterListener {
        void added(RegisteredCluster cluster);

        default void removed(RegisteredCluster cluster) {}
    }

    public void listen(ClusterListener listener) {
        clusterListeners.add(listener);
        all().forEach(listener::added);
    }

    /**
     * Registers a dedicated tenant's virtual cluster, reached with the admin kubeconfig its provider wrote; a
     * registration with the same kubeconfig is kept, a changed one replaced.
     */
    public RegisteredCluster registerVirtual(String name, RegisteredCluster host, String tenant, String kubeconfig) {
        synchronized (clusters) {
            String fingerprint = "kubeconfig sha256:" + sha256(kubeconfig);
            RegisteredCluster existing = clusters.get(name);
            if (existing != null && existing.virtual() && fingerprint.equals(existing.source())) {
                return existing;
            }
            if (existing != null && !existing.virtual()) {
                throw new IllegalStateException("A configured cluster is named '" + name + "' already");
            }
            if (existing != null) {
                unregister(name);
            }
            KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(kubeconfig))
                    .build();
            RegisteredCluster cluster = new RegisteredCluster(
                    name, List.copyOf(host.regions()), false, fingerprint, client, host.name(), tenant);
            clusters.put(name, cluster);
            log.info("Registered virtual cluster '{}' of tenant '{}' on '{}'", name, tenant, host.name());
            startNodeInformer(cluster);
            clusterListeners.forEach(l -> l.added(cluster));
            probe(cluster);
            changed(cluster);
            return cluster;
        }
    }

    /** Forgets a virtual cluster and stops its watches. */
    public void unregister(String name) {
        RegisteredCluster cluster;
        synchronized (clusters) {
            cluster = clusters.get(name);
            if (cluster == null || !cluster.virtual()) {
                return;
            }
            clusters.remove(name);
        }
        clusterListeners.forEach(l -> l.removed(cluster));
        cluster.close();
        log.info("Unregistered virtual cluster '{}'", name);
        changed(cluster);
    }

    /** Records which node pools of a host serve one dedicated tenant alone (they then count for it only). */
    public void dedicate(String host, String tenant, java.util.Collection<String> pools) {
        Map<String, String> byPool =
                dedicatedPools.computeIfAbsent(host, k -> new java.util.concurrent.ConcurrentHashMap<>());
        boolean changed = byPool.entrySet().removeIf(e -> e.getValue().equals(tenant) && !pools.contains(e.getKey()));
        for (String pool : pools) {
            changed |= !tenant.equals(byPool.put(pool, tenant));
        }
        if (changed) {
            find(host).ifPresent(this::changed);
        }
    }

    private void register(String name, List<String> regions, boolean demo, String source, KubernetesClient client) {
        if (clusters.containsKey(name)) {
            throw new IllegalStateException("Two clusters are named '" + name + "': cluster names must be unique");
        }
        clusters.put(name, new RegisteredCluster(name, regions, demo, source, client));
        log.info("Registered cluster '{}' ({})", name, source);
    }

    private void startNodeInformer(RegisteredCluster cluster) {
        SharedIndexInformer<Node> informer = cluster.client().nodes().runnableInformer(0);
        informer.itemStore(new TrimmedItemStore<>(null)); // the portal writes no node: no managed fields kept
        informer.exceptionHandler((started, error) -> {
            log.debug("Node watch on cluster '{}' failed, retrying: {}", cluster.name(), error.toString());
            return true;
        });
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                cluster.nodesReshaped();
                changed(cluster);
            }

            @Override
            public void onUpdate(Node before, Node after) {
                if (NodeShape.changed(before, after)) {
                    cluster.nodesReshaped();
                }
                if (NodeShape.shownChanged(before, after)) {
                    changed(cluster);
                }
            }

            @Override
            public void onDelete(Node node, boolean unknownFinalState) {
                cluster.nodesReshaped();
                changed(cluster);
            }
        });
        cluster.startInformers(informer);
    }

    /**
     * Waits briefly for the informers' first lists, so regions are known when tenants are placed at start-up and
     * the first passes read full caches.
     */
    private void awaitInformers() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        for (RegisteredCluster cluster : all()) {
            if (!cluster.awaitSynced(java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                log.warn("Cluster '{}' did not list its nodes and owned objects within 10 s", cluster.name());
            }
        }
    }

    private void changed(RegisteredCluster cluster) {
        nodeListeners.forEach(l -> l.accept(cluster.name()));
    }

    /** Checks every cluster's API server (reachability and version). */
    @Scheduled(fixedDelayString = "${gpu-portal.kubernetes.probe-interval:15s}", initialDelayString = "15s")
    public void probe() {
        all().forEach(this::probe);
    }

    private void probe(RegisteredCluster cluster) {
        boolean wasReachable = cluster.reachable();
        try {
            String version = cluster.client().getKubernetesVersion().getGitVersion();
            cluster.probed(true, version, null, clock.instant());
            cluster.kueue(!cluster.demo()
                    && cluster.client()
                                    .apiextensions()
                                    .v1()
                                    .customResourceDefinitions()
                                    .withName("localqueues.kueue.x-k8s.io")
                                    .get()
                            != null);
            cluster.virtualClusters(hostsVirtualClusters(cluster));
        } catch (RuntimeException e) {
            cluster.probed(false, cluster.version(), rootMessage(e), clock.instant());
            if (wasReachable) {
                log.warn("Cluster '{}' is unreachable: {}", cluster.name(), rootMessage(e));
            }
        }
        if (wasReachable != cluster.reachable()) {
            changed(cluster);
        }
    }

    private boolean hostsVirtualClusters(RegisteredCluster cluster) {
        return !cluster.demo()
                && !cluster.virtual()
                && virtualClusterProvider != null
                && virtualClusterProvider.servedBy(cluster.client());
    }

    /** Asks the host again when the last probe said no, so a provider installed since counts at once. */
    @Override
    public boolean servesVirtualClusters(String clusterName) {
        return find(clusterName)
                .filter(c -> !c.virtual())
                .map(c -> {
                    if (!c.servesVirtualClusters()) {
                        try {
                            c.virtualClusters(hostsVirtualClusters(c));
                        } catch (RuntimeException e) {
                            log.debug("Cannot ask cluster '{}' for virtual clusters: {}", clusterName, e.toString());
                        }
                    }
                    return c.servesVirtualClusters();
                })
                .orElse(false);
    }

    @Override
    public List<String> virtualClusterVersions() {
        return virtualClusterVersions;
    }

    @Override
    public Runnable subscribe(Consumer<String> listener) {
        nodeListeners.add(listener);
        return () -> nodeListeners.remove(listener);
    }

    public Optional<RegisteredCluster> find(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    /**
     * The cluster a tenant's workloads run on: a dedicated tenant's virtual cluster (once it is ready), else the
     * first cluster of its placement that is registered.
     */
    public Optional<RegisteredCluster> workloadClusterOf(dev.gpuportal.tenancy.TenantSnapshot tenant) {
        if (tenant.dedicated()) {
            return find(virtualClusterName(tenant.slug()));
        }
        return tenant.clusters().stream()
                .map(this::find)
                .flatMap(Optional::stream)
                .findFirst();
    }

    @Override
    public boolean sharedOn(List<String> clusterNames) {
        return clusterNames.stream()
                .map(this::find)
                .flatMap(Optional::stream)
                .findFirst()
                .map(RegisteredCluster::hasKueue)
                .orElse(false);
    }

    @Override
    public Optional<String> whyNot(List<String> clusterNames, String gpuResource, String gpuProduct) {
        Optional<RegisteredCluster> found =
                clusterNames.stream().map(this::find).flatMap(Optional::stream).findFirst();
        if (found.isEmpty()) {
            return Optional.of("The tenant has no registered cluster to keep workers together on");
        }
        RegisteredCluster cluster = found.get();
        if (!cluster.hasKueue()) {
            return Optional.of("Cluster '" + cluster.name() + "' runs no queue manager (Kueue), which is what keeps"
                    + " workers together on the fast interconnect: leave this off there");
        }
        String product = gpuProduct == null ? "" : gpuProduct;
        boolean named = cluster.gpuFamilies().stream()
                .anyMatch(f -> f.resource().equals(gpuResource) && f.product().equals(product) && f.topology());
        return named
                ? Optional.empty()
                : Optional.of("The " + (product.isEmpty() ? gpuResource : product) + " nodes of cluster '"
                        + cluster.name() + "' do not say which network block they are in (labels "
                        + NodeTopology.BLOCK + " and " + NodeTopology.RACK + "): choose another GPU profile, or"
                        + " leave this off");
    }

    @Override
    public String whyOff(String clusterName) {
        Optional<RegisteredCluster> cluster = find(clusterName);
        if (cluster.isEmpty()) {
            return "Cluster '" + clusterName + "' is not registered";
        }
        if (cluster.get().hasKueue()) {
            return "";
        }
        if (cluster.get().demo()) {
            return "The built-in demo cluster runs no queue manager: each tenant has a hard quota";
        }
        if (!cluster.get().reachable()) {
            return "Cluster '" + clusterName + "' cannot be reached, so the portal cannot tell whether it runs Kueue";
        }
        return "Kueue is not installed on cluster '" + clusterName + "' (no LocalQueue resource): each tenant has a"
                + " hard quota there; install Kueue to let tenants borrow each other's idle GPUs";
    }

    @Override
    public List<String> sharingClusters() {
        return clusterNames();
    }

    @Override
    public Optional<QueueFigures> figures(String clusterName) {
        Optional<RegisteredCluster> found = find(clusterName).filter(RegisteredCluster::hasKueue);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(KueueFigures.read(found.get()));
        } catch (RuntimeException e) {
            log.debug("Cannot read Kueue's queues on cluster '{}': {}", clusterName, e.toString());
            return Optional.empty();
        }
    }

    /** The name a dedicated tenant's virtual cluster is registered under. */
    public static String virtualClusterName(String tenantSlug) {
        return "vc-" + tenantSlug;
    }

    public List<RegisteredCluster> all() {
        synchronized (clusters) {
            return new ArrayList<>(clusters.values());
        }
    }

    @Override
    public java.util.OptionalLong largestNodeOffer(String resourceName) {
        if (all().stream().allMatch(c -> c.nodes().isEmpty())) {
            return java.util.OptionalLong.empty();
        }
        java.util.OptionalLong largest = all().stream()
                .flatMap(c -> c.nodes().stream())
                .filter(n -> n.getStatus() != null && n.getStatus().getAllocatable() != null)
                .map(n -> n.getStatus().getAllocatable().get(resourceName))
                .filter(java.util.Objects::nonNull)
                .mapToLong(q -> io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(q)
                        .longValue())
                .max();
        return largest.isPresent() ? largest : java.util.OptionalLong.of(0);
    }

    @Override
    public List<String> clusterNames() {
        return all().stream()
                .filter(c -> !c.virtual())
                .map(RegisteredCluster::name)
                .toList();
    }

    @Override
    public Set<String> nodePoolsOf(String clusterName) {
        return find(clusterName).map(RegisteredCluster::nodePools).orElse(Set.of());
    }

    @Override
    public String defaultVirtualClusterVersion() {
        return virtualClusterVersion;
    }

    @Override
    public Optional<Set<String>> regionsOf(String clusterName) {
        return find(clusterName).filter(c -> !c.virtual()).map(RegisteredCluster::regions);
    }

    @Override
    public List<ClusterSummary> summaries() {
        return all().stream().map(this::summary).toList();
    }

    private ClusterSummary summary(RegisteredCluster c) {
        Map<String, String> dedicated = Map.copyOf(dedicatedPools.getOrDefault(c.name(), Map.of()));
        Map<String, ClusterSummary.Capacity> gpus = new LinkedHashMap<>();
        c.gpuResources(dedicated.keySet())
                .forEach((resource, v) -> gpus.put(resource, new ClusterSummary.Capacity(v[0], v[1])));
        return new ClusterSummary(
                c.name(),
                c.demo(),
                c.virtual() ? "virtual cluster of tenant " + c.ownerTenant() + " on " + c.host() : c.source(),
                c.reachable(),
                c.version(),
                c.lastError(),
                c.probedAt(),
                c.regions(),
                c.nodes().size(),
                gpus,
                c.host(),
                c.ownerTenant(),
                dedicated,
                c.servesVirtualClusters());
    }

    @Override
    public void destroy() {
        all().forEach(RegisteredCluster::close);
        if (demoCluster != null) {
            demoCluster.stop();
        }
    }

    private static KubernetesClient clientFor(KubernetesProperties.ClusterConfig config) {
        if (config.inCluster()) {
            return new KubernetesClientBuilder()
                    .withConfig(Config.autoConfigure(null))
                    .build();
        }
        if (config.kubeconfig() == null || config.kubeconfig().isBlank()) {
            throw new IllegalStateException(
                    "Cluster '" + config.name() + "' needs a kubeconfig file or in-cluster: true");
        }
        String context = config.context() == null || config.context().isBlank() ? null : config.context();
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(context, readFile(config.kubeconfig()), config.kubeconfig()))
                .build();
    }

    private static String describe(KubernetesProperties.ClusterConfig config) {
        return config.inCluster()
                ? "in-cluster service account"
                : "kubeconfig " + config.kubeconfig()
                        + (config.context() == null ? "" : " context " + config.context());
    }

    private static String readFile(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot read kubeconfig " + path + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }
}
