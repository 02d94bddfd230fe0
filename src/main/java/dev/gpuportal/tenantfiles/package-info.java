/**
 * The tenants/ folder: tenants declared as YAML files (GitOps), loaded at start and whenever a file changes. A file
 * that does not validate is reported with its file and line, and nothing of it is applied.
 */
package dev.gpuportal.tenantfiles;
