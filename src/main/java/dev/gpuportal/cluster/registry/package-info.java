/**
 * The clusters the portal manages: their clients, node informers and one informer per owned kind ({@link
 * dev.gpuportal.cluster.registry.ManagedKinds}, read through {@link dev.gpuportal.cluster.registry.OwnedObjects}),
 * the labels that mark what the portal owns, and leader election among portal replicas. Depends on no other part of
 * {@code cluster}.
 */
package dev.gpuportal.cluster.registry;
