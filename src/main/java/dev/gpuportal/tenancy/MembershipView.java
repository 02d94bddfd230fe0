package dev.gpuportal.tenancy;

/** A membership as shown and audited. */
public record MembershipView(Long id, String tenantSlug, SubjectType subjectType, String subject, TenantRole role) {}
