/**
 * Registered Kubernetes clusters and everything the portal does to them: fabric8 clients, the pure mapping from the
 * domain to Kubernetes objects, server-side apply and informers. The only package that may use fabric8.
 */
package dev.gpuportal.cluster;
