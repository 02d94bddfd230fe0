package dev.gpuportal.access;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Counters of the routes, for Prometheus: {@code gpu_portal_access_refused_total{reason}} for refused key calls,
 * {@code gpu_portal_access_key_calls_total} for accepted ones and {@code gpu_portal_access_keys_total{action}} for
 * keys made and revoked.
 */
@Component
class RouteMetrics {

    private final MeterRegistry registry;

    RouteMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void refused(String reason) {
        Counter.builder("gpu.portal.access.refused")
                .description("Calls on endpoint routes refused for their key")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    void keyCall() {
        Counter.builder("gpu.portal.access.key.calls")
                .description("Calls on endpoint routes let in by a key")
                .register(registry)
                .increment();
    }

    void keyChanged(String action) {
        Counter.builder("gpu.portal.access.keys")
                .description("Endpoint keys created and revoked")
                .tag("action", action)
                .register(registry)
                .increment();
    }
}
