package dev.gpuportal.tenancy;

/** What a member may do in a tenant; higher roles include the rights of lower ones. */
public enum TenantRole {
    VIEWER("viewer", "Sees workloads and usage"),
    MEMBER("member", "Runs and manages their own workloads"),
    TENANT_ADMIN("tenant-admin", "Manages all workloads and the members of the tenant");

    private final String label;
    private final String description;

    TenantRole(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public boolean includes(TenantRole other) {
        return compareTo(other) >= 0;
    }

    public static TenantRole fromLabel(String label) {
        for (TenantRole role : values()) {
            if (role.label.equalsIgnoreCase(label) || role.name().equalsIgnoreCase(label)) {
                return role;
            }
        }
        throw new IllegalArgumentException("Unknown role '" + label + "': use tenant-admin, member or viewer");
    }
}
