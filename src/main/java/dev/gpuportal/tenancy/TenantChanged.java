package dev.gpuportal.tenancy;

/** Published after anything that shapes a tenant in Kubernetes changed: the tenant, its members or its quota. */
public record TenantChanged(String slug) {}
