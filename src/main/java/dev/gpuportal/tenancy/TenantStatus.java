package dev.gpuportal.tenancy;

/** Whether a tenant is in use. Archived tenants keep their history but run nothing. */
public enum TenantStatus {
    ACTIVE,
    ARCHIVED
}
