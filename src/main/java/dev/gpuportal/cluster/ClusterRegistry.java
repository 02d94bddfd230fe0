package dev.gpuportal.cluster;

import dev.gpuportal.security.DemoLoginCondition;
import dev.gpuportal.tenancy.ClusterDirectory;
import dev.gpuportal.tenancy.ClusterSummary;
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
public class ClusterRegistry implements ClusterDirectory, GpuNodeCapacity, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ClusterRegistry.class);

    private final Map<String, RegisteredCluster> clusters = new LinkedHashMap<>();
    private final List<Consumer<String>> nodeListeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private DemoCluster demoCluster;

    ClusterRegistry(KubernetesProperties properties, Environment env, Clock clock) {
        this.clock = clock;
        for (KubernetesProperties.ClusterConfig config : properties.clusters()) {
            register(config.name(), config.regions(), config.labels(), false, describe(config), clientFor(config));
        }
        String kubeconfig = env.getProperty("KUBECONFIG", "");
        if (clusters.isEmpty()
                && !kubeconfig.isBlank()
                && Files.isReadable(Path.of(kubeconfig.split(":")[0]))) {
            register(
                    properties.kubeconfigEnvClusterName(),
                    properties.kubeconfigEnvRegions(),
                    Map.of(),
                    false,
                    "KUBECONFIG " + kubeconfig,
                    new KubernetesClientBuilder()
                            .withConfig(Config.fromKubeconfig(
                                    null, readFile(kubeconfig.split(":")[0]), kubeconfig))
                            .build());
        }
        if (clusters.isEmpty() && DemoLoginCondition.isDemo(env)) {
            demoCluster = DemoCluster.start();
            register("demo", List.of(), Map.of("demo", "true"), true, "in-memory demo cluster", demoCluster.client());
        }
        clusters.values().forEach(this::startNodeInformer);
        awaitNodes();
        probe();
    }

    private void register(
            String name,
            List<String> regions,
            Map<String, String> labels,
            boolean demo,
            String source,
            KubernetesClient client) {
        if (clusters.containsKey(name)) {
            throw new IllegalStateException("Two clusters are named '" + name + "': cluster names must be unique");
        }
        clusters.put(name, new RegisteredCluster(name, regions, labels, demo, source, client));
        log.info("Registered cluster '{}' ({})", name, source);
    }

    private void startNodeInformer(RegisteredCluster cluster) {
        SharedIndexInformer<Node> informer = cluster.client().nodes().runnableInformer(0);
        informer.exceptionHandler((started, error) -> {
            log.debug("Node watch on cluster '{}' failed, retrying: {}", cluster.name(), error.toString());
            return true;
        });
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                changed(cluster);
            }

            @Override
            public void onUpdate(Node before, Node after) {
                if (!before.getStatus().equals(after.getStatus())
                        || !before.getMetadata()
                                .getLabels()
                                .equals(after.getMetadata().getLabels())) {
                    changed(cluster);
                }
            }

            @Override
            public void onDelete(Node node, boolean unknownFinalState) {
                changed(cluster);
            }
        });
        informer.start();
        cluster.nodeInformer(informer);
    }

    /** Waits briefly for the first node lists, so regions are known when tenants are placed at start-up. */
    private void awaitNodes() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        for (RegisteredCluster cluster : clusters.values()) {
            while (!cluster.nodesSynced() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void changed(RegisteredCluster cluster) {
        nodeListeners.forEach(l -> l.accept(cluster.name()));
    }

    /** Checks every cluster's API server (reachability and version). */
    @Scheduled(fixedDelayString = "${gpu-portal.kubernetes.probe-interval:15s}", initialDelayString = "15s")
    public void probe() {
        for (RegisteredCluster cluster : clusters.values()) {
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
    }

    @Override
    public Runnable subscribe(Consumer<String> listener) {
        nodeListeners.add(listener);
        return () -> nodeListeners.remove(listener);
    }

    Optional<RegisteredCluster> find(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    /** The cluster a tenant's workloads run on: the first of its placement that is registered. */
    Optional<RegisteredCluster> workloadClusterOf(dev.gpuportal.tenancy.Tenant tenant) {
        return tenant.getClusters().stream()
                .map(this::find)
                .flatMap(Optional::stream)
                .findFirst();
    }

    List<RegisteredCluster> all() {
        return new ArrayList<>(clusters.values());
    }

    @Override
    public java.util.OptionalLong largestNodeOffer(String resourceName) {
        if (clusters.values().stream().allMatch(c -> c.nodes().isEmpty())) {
            return java.util.OptionalLong.empty();
        }
        java.util.OptionalLong largest = clusters.values().stream()
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
        return List.copyOf(clusters.keySet());
    }

    @Override
    public Optional<Set<String>> regionsOf(String clusterName) {
        return find(clusterName).map(RegisteredCluster::regions);
    }

    @Override
    public List<ClusterSummary> summaries() {
        return clusters.values().stream().map(ClusterRegistry::summary).toList();
    }

    private static ClusterSummary summary(RegisteredCluster c) {
        Map<String, ClusterSummary.Capacity> gpus = new LinkedHashMap<>();
        c.gpuResources().forEach((resource, v) -> gpus.put(resource, new ClusterSummary.Capacity(v[0], v[1])));
        return new ClusterSummary(
                c.name(),
                c.demo(),
                c.source(),
                c.reachable(),
                c.version(),
                c.lastError(),
                c.probedAt(),
                c.regions(),
                c.nodes().size(),
                gpus);
    }

    @Override
    public void destroy() {
        clusters.values().forEach(c -> c.client().close());
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

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }
}
