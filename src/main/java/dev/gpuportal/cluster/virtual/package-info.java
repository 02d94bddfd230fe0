/**
 * Dedicated tenants' virtual clusters: the provider (Kamaji) that makes a control plane in a host cluster, its
 * registration once ready, its teardown, and the single-sign-on kubeconfigs handed to members.
 */
package dev.gpuportal.cluster.virtual;
