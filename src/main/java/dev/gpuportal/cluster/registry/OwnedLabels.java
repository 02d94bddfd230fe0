package dev.gpuportal.cluster.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;

/** Label keys and values on every object the portal owns, so it can find, repair and delete exactly those. */
public final class OwnedLabels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "gpu-portal";
    public static final String TENANT = "gpu-portal.dev/tenant";
    public static final String COMPONENT = "gpu-portal.dev/component";
    public static final String FIELD_MANAGER = "gpu-portal";
    /** On every object of a workload: the id of its request. */
    public static final String WORKLOAD_ID = "gpu-portal.dev/workload-id";

    private OwnedLabels() {}

    /** Labels of a tenant-level object (namespace, quota, RBAC, network policy). */
    public static Map<String, String> tenant(String slug) {
        return Map.of(MANAGED_BY, MANAGER, TENANT, slug, COMPONENT, "tenant");
    }

    public static boolean isOwned(Map<String, String> labels) {
        return labels != null && MANAGER.equals(labels.get(MANAGED_BY));
    }

    /** Whether an object is the portal's, made for this tenant (a namespace someone else made is not taken over). */
    public static boolean ownedBy(HasMetadata object, String slug) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return isOwned(labels) && slug.equals(labels.get(TENANT));
    }

    /** The workload id label of an object, if it has one. */
    public static Optional<String> workloadIdOf(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return Optional.ofNullable(labels == null ? null : labels.get(WORKLOAD_ID));
    }
}
