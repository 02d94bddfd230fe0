/**
 * The REST API (/api/v1): thin controllers over the same services as the UI, so the same rights apply. Bearer
 * tokens only (no browser sessions, so no CSRF exposure); errors are RFC 9457 problem details.
 */
package dev.gpuportal.api;
