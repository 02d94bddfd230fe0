/**
 * What every reconcile loop shares: the keyed work queue with backoff, what is wanted (read through the features'
 * snapshot ports in one transaction), and how to write (server-side apply when the fields the portal manages differ
 * from the cached live object). Depends on {@code registry} only.
 */
package dev.gpuportal.cluster.engine;
