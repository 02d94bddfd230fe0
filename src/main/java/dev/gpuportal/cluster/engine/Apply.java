package dev.gpuportal.cluster.engine;

import dev.gpuportal.cluster.registry.ClusterRegistry;
import dev.gpuportal.cluster.registry.ManagedKinds;
import dev.gpuportal.cluster.registry.OwnedLabels;
import dev.gpuportal.cluster.registry.RegisteredCluster;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every reconcile loop writes: an object is created, or applied (server-side, field manager {@code gpu-portal}),
 * only when the live one differs from it in the fields the portal manages; the live one is read from the cluster's informer
 * caches for the kinds the portal owns ({@link ManagedKinds}) and from the watches of its Kueue objects, with one GET
 * only for other kinds.
 */
public final class Apply {

    private static final Logger log = LoggerFactory.getLogger(Apply.class);

    private Apply() {}

    /** Applies {@code desired} unless the live object is already as wanted; returns whether it wrote. */
    public static boolean ifChanged(RegisteredCluster cluster, HasMetadata desired) {
        if (!needsWrite(cluster, desired)) {
            return false;
        }
        apply(cluster, desired);
        return true;
    }

    /**
     * Writes {@code object} as wanted: a kind the portal caches that is not there yet is created
     * ({@link CreateThenApply}), anything else server-side applied; the in-memory demo cluster cannot apply, so there
     * the object is created or replaced.
     */
    public static void apply(RegisteredCluster cluster, HasMetadata object) {
        if (cluster.demo()) {
            cluster.owned().written(cluster.client().resource(object).createOr(NonDeletingOperation::update));
            return;
        }
        if (ManagedKinds.isManaged(object.getClass())) {
            // until the caches are full, absence there proves nothing: the API server is asked
            Optional<? extends HasMetadata> live = cluster.owned().synced()
                    ? live(cluster, object)
                    : Optional.ofNullable(cluster.client().resource(object).get());
            if (live.isEmpty()) {
                Optional<HasMetadata> created = create(cluster.client(), object);
                if (created.isPresent()) {
                    cluster.owned().written(created.get());
                    return;
                }
                live = Optional.ofNullable(cluster.client().resource(object).get()); // made meanwhile
            }
            if (live.isPresent()) {
                ownCreatedFieldsAsApplied(cluster, live.get());
            }
        }
        cluster.owned().written(serverSideApply(cluster.client(), object));
    }

    /** The server-side apply of the portal's field manager, taking over fields others set. */
    public static HasMetadata serverSideApply(KubernetesClient client, HasMetadata object) {
        return client.resource(object)
                .fieldManager(OwnedLabels.FIELD_MANAGER)
                .forceConflicts()
                .serverSideApply();
    }

    /**
     * Creates the object with the portal's field manager and the hash of what it wanted ({@link CreateThenApply}), or
     * returns nothing when one of that name exists already. fabric8's create sends no field manager, so the request
     * is made here.
     */
    public static Optional<HasMetadata> create(KubernetesClient client, HasMetadata object) {
        var serialization = client.getKubernetesSerialization();
        String body = serialization.asJson(CreateThenApply.body(serialization.convertValue(object, Map.class)));
        try {
            String created =
                    client.raw(collectionPath(object) + "?fieldManager=" + OwnedLabels.FIELD_MANAGER, "POST", body);
            return Optional.of(serialization.unmarshal(created, object.getClass()));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409
                    && e.getStatus() != null
                    && "AlreadyExists".equals(e.getStatus().getReason())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Where objects of this kind are created: {@code /apis/batch/v1/namespaces/team-a/jobs}. */
    static String collectionPath(HasMetadata object) {
        String apiVersion =
                object.getApiVersion() != null ? object.getApiVersion() : HasMetadata.getApiVersion(object.getClass());
        String namespace = object.getMetadata().getNamespace();
        return (apiVersion.contains("/") ? "/apis/" : "/api/")
                + apiVersion
                + (namespace == null ? "" : "/namespaces/" + namespace)
                + "/"
                + HasMetadata.getPlural(object.getClass());
    }

    /**
     * Before the first apply of an object the portal created, its fields become the portal's applied ones, so that
     * the apply removes what the portal no longer sets. The cache keeps only the portal's own managed-fields entry, so
     * the object is read whole first and every other entry written back as it was; the change is made only on the
     * version read (a test of its resource version), once more when someone wrote in between.
     */
    private static void ownCreatedFieldsAsApplied(RegisteredCluster cluster, HasMetadata cached) {
        var serialization = cluster.client().getKubernetesSerialization();
        if (!CreateThenApply.createdNotApplied(
                serialization.convertValue(cached, Map.class), OwnedLabels.FIELD_MANAGER)) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            HasMetadata current = cluster.client().resource(cached).get();
            if (current == null) {
                return;
            }
            Map<?, ?> seen = serialization.convertValue(current, Map.class);
            if (!CreateThenApply.createdNotApplied(seen, OwnedLabels.FIELD_MANAGER)) {
                return;
            }
            String patch = serialization.asJson(List.of(
                    Map.of(
                            "op",
                            "test",
                            "path",
                            "/metadata/resourceVersion",
                            "value",
                            current.getMetadata().getResourceVersion()),
                    Map.of(
                            "op",
                            "replace",
                            "path",
                            "/metadata/managedFields",
                            "value",
                            CreateThenApply.ownedAsApplied(seen, OwnedLabels.FIELD_MANAGER))));
            try {
                cluster.client().resource(current).patch(PatchContext.of(PatchType.JSON), patch);
                return;
            } catch (KubernetesClientException e) {
                if (attempt > 1 || (e.getCode() != 409 && e.getCode() != 422)) {
                    throw e;
                }
            }
        }
    }

    /** Deletes an object (its dependents in the background); an object already gone is fine. */
    public static void delete(RegisteredCluster cluster, HasMetadata object) {
        delete(cluster, object, DeletionPropagation.BACKGROUND);
    }

    /**
     * Deletes an object; with {@link DeletionPropagation#FOREGROUND} it stays (marked as being deleted) until its
     * dependents are gone, so that one of the same name is made only then. An object already gone is fine.
     */
    public static void delete(RegisteredCluster cluster, HasMetadata object, DeletionPropagation propagation) {
        try {
            cluster.client().resource(object).withPropagationPolicy(propagation).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
        cluster.owned().deleted(object);
    }

    /** What the API server said, in its own words when it gave any. */
    public static String reason(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        return ClusterRegistry.rootMessage(e);
    }

    public static boolean needsWrite(RegisteredCluster cluster, HasMetadata desired) {
        Optional<? extends HasMetadata> live = live(cluster, desired);
        if (live.isEmpty()) {
            return true;
        }
        // a resync compares every object again: when neither the live version nor the wanted object changed since
        // the last comparison found them alike, they still are (the comparison converts both objects to maps)
        String liveVersion = live.get().getMetadata().getResourceVersion();
        int wantedHash = desired.hashCode();
        if (cluster.owned().comparedAlike(desired, liveVersion, wantedHash)) {
            return false;
        }
        var serialization = cluster.client().getKubernetesSerialization();
        Map<?, ?> wanted = serialization.convertValue(desired, Map.class);
        Map<?, ?> seen = serialization.convertValue(live.get(), Map.class);
        boolean upToDate = LiveState.upToDate(wanted, seen, OwnedLabels.FIELD_MANAGER);
        if (upToDate) {
            cluster.owned().foundAlike(desired, liveVersion, wantedHash);
        }
        if (!upToDate && log.isDebugEnabled()) {
            log.debug(
                    "{} {}/{} differs: {}",
                    desired.getKind(),
                    desired.getMetadata().getNamespace(),
                    desired.getMetadata().getName(),
                    LiveState.difference(wanted, seen, OwnedLabels.FIELD_MANAGER));
        }
        return !upToDate;
    }

    /** The live object, from the informer cache for the kinds the portal owns, else by one GET. */
    static Optional<? extends HasMetadata> live(RegisteredCluster cluster, HasMetadata desired) {
        if (ManagedKinds.isManaged(desired.getClass())) {
            return cluster.owned()
                    .get(
                            desired.getClass(),
                            desired.getMetadata().getNamespace(),
                            desired.getMetadata().getName());
        }
        if (desired instanceof GenericKubernetesResource
                && desired.getApiVersion().startsWith("kueue.x-k8s.io/")
                && RegisteredCluster.OWNED_KUEUE_KINDS.contains(desired.getKind())) {
            var watched = cluster.kueueObject(
                    desired.getKind(),
                    desired.getMetadata().getNamespace(),
                    desired.getMetadata().getName());
            if (watched.isPresent()) {
                return watched.get();
            }
        }
        return Optional.ofNullable(cluster.client().resource(desired).get());
    }
}
