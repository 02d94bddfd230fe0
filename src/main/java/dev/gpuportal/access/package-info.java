/**
 * The authenticated routes to notebooks and inference endpoints ({@code /t/<tenant>/notebooks/<name>/} and
 * {@code /t/<tenant>/endpoints/<name>/}): who gets through, what a stopped workload answers, and the streaming of
 * HTTP and WebSocket traffic to the workload through the {@link dev.gpuportal.access.WorkloadUpstream} port, which
 * {@code cluster} implements.
 */
package dev.gpuportal.access;
