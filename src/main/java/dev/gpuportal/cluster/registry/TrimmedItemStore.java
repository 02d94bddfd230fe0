package dev.gpuportal.cluster.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An informer's store that keeps, of each object's managed fields, only the entries of {@code keptManager} (null:
 * none; an object without any of its entries keeps a field-less entry of another manager, so it still reads as not
 * applied by the portal): the portal compares what it applied with its own entry only, and the other managers' entries (the
 * controller manager's, the scheduler's, the kubelet's status) are most of a cached Job's, claim's or node's size.
 * Thousands of workloads and nodes are cached, so this is most of the caches' memory. What is kept is then made
 * compact ({@link CompactModel}).
 */
final class TrimmedItemStore<T extends HasMetadata> extends BasicItemStore<T> {

    private final String keptManager;
    private final UnaryOperator<T> shape;

    TrimmedItemStore(String keptManager) {
        this(keptManager, UnaryOperator.identity());
    }

    /** {@code shape}: what of an object is kept at all (e.g. {@link LeanPods}), after its managed fields are trimmed. */
    TrimmedItemStore(String keptManager, UnaryOperator<T> shape) {
        super(Cache::metaNamespaceKeyFunc);
        this.keptManager = keptManager;
        this.shape = shape;
    }

    @Override
    public T put(String key, T object) {
        return super.put(key, CompactModel.compact(shape.apply(trim(object, keptManager))));
    }

    static <T extends HasMetadata> T trim(T object, String keptManager) {
        var metadata = object.getMetadata();
        List<ManagedFieldsEntry> entries = metadata == null ? null : metadata.getManagedFields();
        if (entries != null && !entries.isEmpty()) {
            if (keptManager == null) {
                metadata.setManagedFields(null);
                return object;
            }
            List<ManagedFieldsEntry> kept = entries.stream()
                    .filter(e -> keptManager.equals(e.getManager()))
                    .toList();
            if (kept.isEmpty()) {
                // someone else's object by now: one entry without its fields still says the portal applies nothing
                ManagedFieldsEntry first = entries.getFirst();
                kept = List.of(new ManagedFieldsEntryBuilder()
                        .withManager(first.getManager())
                        .withOperation(first.getOperation())
                        .build());
            }
            metadata.setManagedFields(kept);
        }
        return object;
    }
}
