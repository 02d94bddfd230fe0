/**
 * A tenant on its clusters: the pure mapping to its namespace, quota, limits, RBAC and network policies, the
 * reconciler that keeps one dependent per kind, and the provisioning status pages show. Uses {@code virtual} for
 * dedicated tenants.
 */
package dev.gpuportal.cluster.tenants;
