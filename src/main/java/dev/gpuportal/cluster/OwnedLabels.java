package dev.gpuportal.cluster;

import java.util.Map;

/** Label keys and values on every object the portal owns, so it can find, repair and delete exactly those. */
public final class OwnedLabels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "gpu-portal";
    public static final String TENANT = "gpu-portal.dev/tenant";
    public static final String COMPONENT = "gpu-portal.dev/component";
    public static final String FIELD_MANAGER = "gpu-portal";

    private OwnedLabels() {}

    /** Labels of a tenant-level object (namespace, quota, RBAC, network policy). */
    public static Map<String, String> tenant(String slug) {
        return Map.of(MANAGED_BY, MANAGER, TENANT, slug, COMPONENT, "tenant");
    }

    /** Selector for everything the portal owns for one tenant. */
    public static String tenantSelector(String slug) {
        return MANAGED_BY + "=" + MANAGER + "," + TENANT + "=" + slug;
    }

    public static boolean isOwned(Map<String, String> labels) {
        return labels != null && MANAGER.equals(labels.get(MANAGED_BY));
    }
}
