package dev.gpuportal.cluster.workloads;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;

/**
 * When the Jobs and claims of a benchmark phase came to exist, stamped from watches opened before the phase writes
 * anything: both ways (the portal's asynchronous applies and the raw API's creates) are timed to the moment the API
 * server announced their last object, not to the next round of a polling loop (which took 5-10 s per round over 50
 * namespaces while the API server was busy), and the watching adds no requests of its own to the phase.
 */
final class ObjectArrivals implements AutoCloseable {

    private final Set<String> namespaces;
    private final Set<String> arrived = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastArrival = new AtomicLong();
    private final List<Watch> watches;

    ObjectArrivals(KubernetesClient admin, Collection<String> namespaces) {
        this.namespaces = Set.copyOf(namespaces);
        this.watches = List.of(
                watch(admin.batch().v1().jobs().inAnyNamespace(), "Job"),
                watch(admin.persistentVolumeClaims().inAnyNamespace(), "PersistentVolumeClaim"));
    }

    /** Waits until {@code count} objects arrived; returns the {@link System#nanoTime()} at which the last did. */
    long awaitArrivals(long count, Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> arrived.size() >= count);
        return lastArrival.get();
    }

    @Override
    public void close() {
        watches.forEach(Watch::close);
    }

    private <T extends HasMetadata> Watch watch(
            FilterWatchListDeletable<T, ? extends KubernetesResourceList<T>, ?> objects, String kind) {
        // from now on: a watch without a resource version would first announce every object that exists
        String now = objects.list(new ListOptionsBuilder().withLimit(1L).build())
                .getMetadata()
                .getResourceVersion();
        return objects.watch(new ListOptionsBuilder().withResourceVersion(now).build(), new Watcher<T>() {
            @Override
            public void eventReceived(Action action, T object) {
                var meta = object.getMetadata();
                if (action == Action.ADDED
                        && namespaces.contains(meta.getNamespace())
                        && arrived.add(kind + "/" + meta.getNamespace() + "/" + meta.getName())) {
                    lastArrival.accumulateAndGet(System.nanoTime(), Math::max);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // the phase then times out waiting, saying how many arrived
            }
        });
    }

    int arrived() {
        return arrived.size();
    }
}
