/**
 * A workload on its cluster: the pure mapping to StatefulSets, Jobs, Deployments and their companions, the
 * reconciler, the observer that turns pods and Jobs into a status in plain words, and logs, events and notebook
 * activity read on request.
 */
package dev.gpuportal.cluster.workloads;
