package dev.gpuportal.cluster.workloads;

import dev.gpuportal.cluster.engine.Apply;
import dev.gpuportal.cluster.registry.ClusterRegistry;
import dev.gpuportal.cluster.registry.KubernetesProperties;
import dev.gpuportal.cluster.registry.RegisteredCluster;
import dev.gpuportal.tenancy.TenantSnapshots;
import dev.gpuportal.workload.WorkloadDiagnostics;
import dev.gpuportal.workload.WorkloadRequest;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/** Reads events and logs of a workload from the cluster it runs on, on request (a user opened them). */
@Component
class KubernetesWorkloadDiagnostics implements WorkloadDiagnostics {

    private final ClusterRegistry registry;
    private final TenantSnapshots tenants;
    private final KubernetesProperties properties;

    KubernetesWorkloadDiagnostics(ClusterRegistry registry, TenantSnapshots tenants, KubernetesProperties properties) {
        this.registry = registry;
        this.tenants = tenants;
        this.properties = properties;
    }

    @Override
    public List<EventLine> events(WorkloadRequest workload, String tenantSlug) {
        Optional<KubernetesClient> client = client(tenantSlug);
        if (client.isEmpty()) {
            return List.of();
        }
        String ns = properties.namespaceOf(tenantSlug);
        String prefix = workload.getName();
        try {
            return client.get().v1().events().inNamespace(ns).list().getItems().stream()
                    .filter(e -> e.getInvolvedObject() != null
                            && e.getInvolvedObject().getName() != null
                            && e.getInvolvedObject().getName().startsWith(prefix))
                    .map(KubernetesWorkloadDiagnostics::line)
                    .sorted(Comparator.comparing(EventLine::at).reversed())
                    .limit(100)
                    .toList();
        } catch (KubernetesClientException e) {
            return List.of(new EventLine(Instant.now(), "Warning", "", "Unavailable", Apply.reason(e)));
        }
    }

    @Override
    public String logs(WorkloadRequest workload, String tenantSlug, int tailLines) {
        Optional<Pod> pod = firstPod(workload, tenantSlug);
        if (pod.isEmpty()) {
            return "No pod is running for " + workload.getName() + " right now, so there is no log to show.";
        }
        try {
            String log = client(tenantSlug)
                    .orElseThrow()
                    .pods()
                    .resource(pod.get())
                    .tailingLines(tailLines)
                    .getLog();
            return log == null || log.isEmpty()
                    ? "(the pod " + pod.get().getMetadata().getName() + " has written nothing yet)"
                    : log;
        } catch (KubernetesClientException e) {
            return "The log of " + pod.get().getMetadata().getName() + " cannot be read: " + Apply.reason(e);
        }
    }

    @Override
    public Runnable follow(WorkloadRequest workload, String tenantSlug, Consumer<String> line) {
        Optional<Pod> pod = firstPod(workload, tenantSlug);
        if (pod.isEmpty()) {
            line.accept("No pod is running for " + workload.getName() + " right now.");
            return () -> {};
        }
        LogWatch watch = client(tenantSlug)
                .orElseThrow()
                .pods()
                .resource(pod.get())
                .tailingLines(0)
                .watchLog();
        Thread reader = Thread.ofVirtual()
                .name("log-follow-" + workload.getId())
                .start(() -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
                        String next;
                        while ((next = in.readLine()) != null) {
                            line.accept(next);
                        }
                    } catch (IOException e) {
                        // the watch was closed
                    }
                });
        return () -> {
            watch.close();
            reader.interrupt();
        };
    }

    @Override
    public String serviceAddress(String tenantSlug, String workloadName) {
        return "http://" + workloadName + "." + properties.namespaceOf(tenantSlug) + ".svc.cluster.local/";
    }

    private Optional<Pod> firstPod(WorkloadRequest workload, String tenantSlug) {
        return client(tenantSlug)
                .flatMap(c -> c
                        .pods()
                        .inNamespace(properties.namespaceOf(tenantSlug))
                        .withLabels(Map.of(WorkloadManifests.WORKLOAD_ID, Long.toString(workload.getId())))
                        .list()
                        .getItems()
                        .stream()
                        .min(Comparator.comparing(p -> p.getMetadata().getName())));
    }

    private Optional<KubernetesClient> client(String tenantSlug) {
        return tenants.find(tenantSlug).flatMap(registry::workloadClusterOf).map(RegisteredCluster::client);
    }

    private static EventLine line(Event e) {
        String time = e.getLastTimestamp() != null
                ? e.getLastTimestamp()
                : e.getEventTime() != null
                        ? e.getEventTime().getTime()
                        : e.getMetadata().getCreationTimestamp();
        Instant at;
        try {
            at = time == null ? Instant.EPOCH : Instant.parse(time);
        } catch (RuntimeException unparsable) {
            at = Instant.EPOCH;
        }
        return new EventLine(
                at,
                e.getType(),
                e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName(),
                e.getReason(),
                e.getMessage());
    }
}
