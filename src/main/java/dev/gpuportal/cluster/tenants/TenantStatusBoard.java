package dev.gpuportal.cluster.tenants;

import dev.gpuportal.cluster.registry.ClusterRegistry;
import dev.gpuportal.cluster.registry.RegisteredCluster;
import dev.gpuportal.cluster.virtual.ControlPlaneState;
import dev.gpuportal.cluster.virtual.VirtualClusterStatus;
import dev.gpuportal.tenancy.TenantProvisioning;
import dev.gpuportal.tenancy.TenantProvisioning.ControlPlanePhase;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** The latest provisioning state of each tenant on each cluster, with listeners for live pages. */
@Component
class TenantStatusBoard implements TenantProvisioning, VirtualClusterStatus {

    private final Map<String, Map<String, Status>> byTenant = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, ControlPlane> controlPlanes = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Function<String, Optional<RegisteredCluster.Outage>> outages;
    private final Set<String> clustersDown = ConcurrentHashMap.newKeySet();

    @Autowired
    TenantStatusBoard(Clock clock, ClusterRegistry registry) {
        this(clock, name -> registry.find(name).flatMap(RegisteredCluster::outage));
        registry.subscribe(this::clusterChanged);
    }

    /** A board that knows of no cluster outages. */
    TenantStatusBoard(Clock clock) {
        this(clock, name -> Optional.empty());
    }

    TenantStatusBoard(Clock clock, Function<String, Optional<RegisteredCluster.Outage>> outages) {
        this.clock = clock;
        this.outages = outages;
    }

    /** Each cluster's last reported state, or UNREACHABLE (with why and since when) while the cluster does not answer. */
    @Override
    public List<Status> statusOf(String tenantSlug) {
        return byTenant.getOrDefault(tenantSlug, Map.of()).values().stream()
                .map(status -> outages.apply(status.cluster())
                        .map(outage -> new Status(
                                status.cluster(),
                                Phase.UNREACHABLE,
                                "Cluster '" + status.cluster() + "' does not answer (" + outage.error()
                                        + "); changes reach it once it is back",
                                outage.since()))
                        .orElse(status))
                .sorted(Comparator.comparing(Status::cluster))
                .toList();
    }

    /** A cluster went down or came back: its tenants' pages show it at once. */
    void clusterChanged(String cluster) {
        boolean down = outages.apply(cluster).isPresent();
        if (down ? clustersDown.add(cluster) : clustersDown.remove(cluster)) {
            byTenant.forEach((tenant, clusters) -> {
                if (clusters.containsKey(cluster)) {
                    listeners.forEach(l -> l.accept(tenant));
                }
            });
        }
    }

    @Override
    public Runnable subscribe(Consumer<String> onChange) {
        listeners.add(onChange);
        return () -> listeners.remove(onChange);
    }

    @Override
    public void set(String tenant, String cluster, Phase phase, String message) {
        Map<String, Status> clusters = byTenant.computeIfAbsent(tenant, k -> new ConcurrentHashMap<>());
        Status previous = clusters.get(cluster);
        if (previous != null && previous.phase() == phase && Objects.equals(previous.message(), message)) {
            return;
        }
        clusters.put(cluster, new Status(cluster, phase, message, clock.instant()));
        listeners.forEach(l -> l.accept(tenant));
    }

    @Override
    public java.util.Optional<ControlPlane> controlPlaneOf(String tenantSlug) {
        return java.util.Optional.ofNullable(controlPlanes.get(tenantSlug));
    }

    @Override
    public void controlPlane(String tenant, String host, ControlPlaneState state) {
        ControlPlanePhase phase = switch (state.phase()) {
            case READY -> ControlPlanePhase.READY;
            case UPGRADING -> ControlPlanePhase.UPGRADING;
            case FAILED, UNAVAILABLE -> ControlPlanePhase.FAILED;
            case ABSENT, PROVISIONING -> ControlPlanePhase.PROVISIONING;
            case REMOVING -> ControlPlanePhase.REMOVING;
        };
        ControlPlane previous = controlPlanes.get(tenant);
        if (previous != null
                && previous.phase() == phase
                && previous.version().equals(state.version())
                && previous.message().equals(state.message())) {
            return;
        }
        controlPlanes.put(tenant, new ControlPlane(host, phase, state.version(), state.message(), clock.instant()));
        listeners.forEach(l -> l.accept(tenant));
    }

    @Override
    public void clearControlPlane(String tenant) {
        if (controlPlanes.remove(tenant) != null) {
            listeners.forEach(l -> l.accept(tenant));
        }
    }

    void clear(String tenant, String cluster) {
        Map<String, Status> clusters = byTenant.get(tenant);
        if (clusters != null && clusters.remove(cluster) != null) {
            listeners.forEach(l -> l.accept(tenant));
        }
    }
}
