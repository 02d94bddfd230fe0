/**
 * Everything the portal does to Kubernetes, the only feature that uses fabric8, split by what it does:
 * {@code registry} (the clusters, their clients and informer caches of the objects the portal owns, leader
 * election), {@code engine} (the work queue, reading what is wanted from the features' snapshot ports, writing by
 * server-side apply when the managed fields differ), {@code tenants} (a tenant's namespace, quota, limits, RBAC and
 * network policies, and their status), {@code workloads} (a workload's objects, its observed status, logs and
 * activity) and {@code virtual} (dedicated tenants' virtual clusters). No other feature imports this one.
 */
package dev.gpuportal.cluster;
