package dev.gpuportal.tenancy;

/** A membership names either one user (by username) or an identity-provider group. */
public enum SubjectType {
    USER,
    GROUP
}
