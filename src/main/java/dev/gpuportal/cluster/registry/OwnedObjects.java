package dev.gpuportal.cluster.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The objects the portal owns on one cluster, kept by one informer per managed kind (selected by the managed-by
 * label): the reconcilers read them here instead of asking the API server. What the portal has just written is
 * kept aside until the informer has seen it, so a pass right after a write reads its own write.
 */
public final class OwnedObjects implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OwnedObjects.class);
    static final String BY_WORKLOAD = "by-workload";

    private final String cluster;
    private final Map<Class<? extends HasMetadata>, SharedIndexInformer<HasMetadata>> informers = new LinkedHashMap<>();
    /** Objects written by the portal that the informer has not shown yet, by kind/namespace/name. */
    private final JustWritten justWritten = new JustWritten();
    /** Per object, the live version and the wanted object's hash of the last comparison that found them alike. */
    private final Map<String, Alike> alike = new java.util.concurrent.ConcurrentHashMap<>();

    private record Alike(String liveVersion, int wantedHash) {}

    private final List<Consumer<HasMetadata>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<HasMetadata>> specListeners = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> started = new CopyOnWriteArrayList<>();

    @SuppressWarnings("unchecked")
    OwnedObjects(String cluster, KubernetesClient client) {
        this.cluster = cluster;
        Map<String, String> owned = Map.of(OwnedLabels.MANAGED_BY, OwnedLabels.MANAGER);
        for (ManagedKinds.Kind kind : ManagedKinds.ALL) {
            var resources = client.resources((Class<HasMetadata>) kind.type());
            SharedIndexInformer<HasMetadata> informer = kind.namespaced()
                    ? resources.inAnyNamespace().withLabels(owned).runnableInformer(0)
                    : resources.withLabels(owned).runnableInformer(0);
            informer.itemStore(
                    kind.type() == Pod.class
                            ? new TrimmedItemStore<>(null, o -> LeanPods.lean((Pod) o))
                            : new TrimmedItemStore<>(OwnedLabels.FIELD_MANAGER));
            informer.addIndexers(
                    Map.of(BY_WORKLOAD, o -> List.of(OwnedLabels.workloadIdOf(o).orElse(""))));
            informer.exceptionHandler((started, error) -> {
                log.debug("Watch of {} on cluster '{}' failed, retrying: {}", kind.name(), cluster, error.toString());
                return true;
            });
            informer.addEventHandler(new Events());
            informers.put(kind.type(), informer);
        }
    }

    /** Starts the informers; returns without waiting for their first lists. */
    void start() {
        informers.values().forEach(i -> started.add(i.start().toCompletableFuture()));
    }

    /** Waits (at most {@code timeout}) until every informer has its first list. */
    boolean awaitSynced(Duration timeout) {
        try {
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** Whether every informer has its first list (until then a missing object may just not be known yet). */
    public boolean synced() {
        return informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Told about every change the informers see (added, changed, deleted), with the object. */
    public void onChange(Consumer<HasMetadata> listener) {
        listeners.add(listener);
    }

    /** Like {@link #onChange}, but not told of updates that changed only what the cluster reports (see StatusOnlyChange). */
    public void onChangeBeyondStatus(Consumer<HasMetadata> listener) {
        specListeners.add(listener);
    }

    /** The owned object of that kind and name, as last seen or written. */
    public <T extends HasMetadata> Optional<T> get(Class<T> type, String namespace, String name) {
        String key = key(type, namespace, name);
        HasMetadata written = justWritten.get(key);
        if (written != null) {
            return Optional.of(type.cast(written));
        }
        return Optional.ofNullable(
                        informer(type).getStore().getByKey(namespace == null ? name : namespace + "/" + name))
                .map(type::cast);
    }

    /**
     * The owned objects of a kind carrying all the given labels, in one namespace (null: any). One namespace's are
     * found through the informer's namespace index: a tenant's pass looks at its own objects, not at every tenant's.
     */
    public <T extends HasMetadata> List<T> list(Class<T> type, String namespace, Map<String, String> labels) {
        Map<String, HasMetadata> byKey = new LinkedHashMap<>();
        SharedIndexInformer<HasMetadata> informer = informer(type);
        for (HasMetadata o : namespace == null
                ? informer.getStore().list()
                : informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace)) {
            byKey.put(Cache.metaNamespaceKeyFunc(o), o);
        }
        (namespace == null ? justWritten.ofKind(type) : justWritten.inPlace(type, place(type, namespace)))
                .forEach(o -> byKey.put(Cache.metaNamespaceKeyFunc(o), o));
        List<T> result = new ArrayList<>();
        for (HasMetadata o : byKey.values()) {
            if (hasLabels(o, labels)) {
                result.add(type.cast(o));
            }
        }
        return result;
    }

    /** The owned objects of a kind that belong to one workload. */
    public <T extends HasMetadata> List<T> ofWorkload(Class<T> type, long workloadId) {
        String id = Long.toString(workloadId);
        Map<String, HasMetadata> byKey = new LinkedHashMap<>();
        for (HasMetadata o : informer(type).getIndexer().byIndex(BY_WORKLOAD, id)) {
            byKey.put(Cache.metaNamespaceKeyFunc(o), o);
        }
        justWritten.ofWorkload(id).stream()
                .filter(type::isInstance)
                .forEach(o -> byKey.put(Cache.metaNamespaceKeyFunc(o), o));
        return byKey.values().stream().map(type::cast).toList();
    }

    /** Whether the last comparison of {@code wanted} found the live object at {@code liveVersion} alike. */
    public boolean comparedAlike(HasMetadata wanted, String liveVersion, int wantedHash) {
        return liveVersion != null && new Alike(liveVersion, wantedHash).equals(alike.get(alikeKey(wanted)));
    }

    /** Remembers that {@code wanted} and the live object at {@code liveVersion} were found alike. */
    public void foundAlike(HasMetadata wanted, String liveVersion, int wantedHash) {
        if (liveVersion != null) {
            alike.put(alikeKey(wanted), new Alike(liveVersion, wantedHash));
        }
    }

    /** By kind, not class: the Kueue objects are all generic resources. */
    private static String alikeKey(HasMetadata o) {
        return o.getKind() + "/" + Objects.requireNonNullElse(o.getMetadata().getNamespace(), "") + "/"
                + o.getMetadata().getName();
    }

    /** Remembers what the API server answered to a write, until the informer shows that version or a later one. */
    public void written(HasMetadata object) {
        if (object != null && ManagedKinds.isManaged(object.getClass())) {
            justWritten.put(key(object), object);
        }
    }

    /** Forgets a deleted object at once, so a pass right after the delete does not see it. */
    public void deleted(HasMetadata object) {
        justWritten.remove(key(object));
        alike.remove(alikeKey(object));
    }

    @SuppressWarnings("unchecked")
    private SharedIndexInformer<HasMetadata> informer(Class<? extends HasMetadata> type) {
        SharedIndexInformer<HasMetadata> informer = informers.get(type);
        if (informer == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " is not a managed kind");
        }
        return informer;
    }

    private static boolean hasLabels(HasMetadata o, Map<String, String> wanted) {
        Map<String, String> labels = o.getMetadata().getLabels();
        return wanted.entrySet().stream()
                .allMatch(e -> labels != null && Objects.equals(labels.get(e.getKey()), e.getValue()));
    }

    private static String key(HasMetadata o) {
        return key(o.getClass(), o.getMetadata().getNamespace(), o.getMetadata().getName());
    }

    private static String key(Class<?> type, String namespace, String name) {
        return place(type, namespace) + "/" + name;
    }

    /** Where objects of a kind in one namespace are: their keys up to the name. */
    private static String place(Class<?> type, String namespace) {
        return type.getSimpleName() + "/" + (namespace == null ? "" : namespace);
    }

    /** Whether resource version {@code seen} is the same as or later than {@code written} (etcd revisions). */
    static boolean caughtUp(String seen, String written) {
        try {
            return Long.parseLong(seen) >= Long.parseLong(written);
        } catch (NumberFormatException | NullPointerException notNumeric) {
            return Objects.equals(seen, written);
        }
    }

    private final class Events implements ResourceEventHandler<HasMetadata> {

        @Override
        public void onAdd(HasMetadata object) {
            seen(object);
            tell(listeners, object);
            tell(specListeners, object);
        }

        @Override
        public void onUpdate(HasMetadata before, HasMetadata after) {
            seen(after);
            if (!Objects.equals(
                    before.getMetadata().getResourceVersion(),
                    after.getMetadata().getResourceVersion())) {
                tell(listeners, after);
                if (!StatusOnlyChange.of(before, after)) {
                    tell(specListeners, after);
                }
            }
        }

        @Override
        public void onDelete(HasMetadata object, boolean unknownFinalState) {
            justWritten.remove(key(object));
            alike.remove(alikeKey(object));
            tell(listeners, object);
            tell(specListeners, object);
        }

        private void seen(HasMetadata object) {
            justWritten.removeIf(
                    key(object),
                    written -> caughtUp(
                            object.getMetadata().getResourceVersion(),
                            written.getMetadata().getResourceVersion()));
        }

        private void tell(List<Consumer<HasMetadata>> those, HasMetadata object) {
            for (Consumer<HasMetadata> listener : those) {
                try {
                    listener.accept(object);
                } catch (RuntimeException e) {
                    log.warn("A listener of cluster '{}' failed on {}: {}", cluster, object.getKind(), e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::close);
    }
}
