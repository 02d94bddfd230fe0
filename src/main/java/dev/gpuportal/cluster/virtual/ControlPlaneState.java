package dev.gpuportal.cluster.virtual;

/** A virtual cluster's control plane as its provider reports it, in plain words. */
public record ControlPlaneState(Phase phase, String version, String message) {

    public enum Phase {
        /** The provider's API is missing in the host (e.g. Kamaji is not installed). */
        UNAVAILABLE,
        /** Not created yet. */
        ABSENT,
        PROVISIONING,
        UPGRADING,
        READY,
        FAILED,
        /** Being deleted with its tenant or tier. */
        REMOVING
    }
}
