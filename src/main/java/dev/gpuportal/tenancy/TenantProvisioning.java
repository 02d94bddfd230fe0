package dev.gpuportal.tenancy;

import java.time.Instant;
import java.util.List;

/** How far a tenant's setup on each of its clusters has come (implemented by the cluster feature). */
public interface TenantProvisioning {

    List<Status> statusOf(String tenantSlug);

    /** Calls {@code onChange} with a tenant's slug whenever its status changes; returns how to unsubscribe. */
    Runnable subscribe(java.util.function.Consumer<String> onChange);

    /** A dedicated tenant's control plane as its provider last reported it; empty for shared tenants. */
    java.util.Optional<ControlPlane> controlPlaneOf(String tenantSlug);

    /** A virtual cluster's control plane: on which host, in which phase, at which version. */
    record ControlPlane(String host, ControlPlanePhase phase, String version, String message, Instant since) {}

    enum ControlPlanePhase {
        PROVISIONING("Provisioning"),
        READY("Ready"),
        UPGRADING("Upgrading"),
        FAILED("Failed"),
        REMOVING("Removing");

        private final String label;

        ControlPlanePhase(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Whether the cluster serves requests (also while it rolls to a new version). */
        public boolean serving() {
            return this == READY || this == UPGRADING;
        }
    }

    /** The state of one tenant on one cluster, with Kubernetes' reason when it failed. */
    record Status(String cluster, Phase phase, String message, Instant since) {}

    enum Phase {
        PROGRESSING,
        READY,
        FAILED,
        REMOVING,
        /** The cluster does not answer: what it last had is unknown, changes wait until it is back. */
        UNREACHABLE
    }
}
