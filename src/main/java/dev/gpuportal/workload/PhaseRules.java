package dev.gpuportal.workload;

import java.util.Optional;

/**
 * How the phase a workload shows follows what its owner asks for and what Kubernetes reports. Pure.
 *
 * <p>Stop shows "Stopped by …" at once and keeps it while the pods go away. Start replaces it at once with "Starting"
 * and from then on only what the pods and Job say counts: an observation computed before the start (still "stopped")
 * must not win, or the page would say "Stopped" over a running workload.
 */
final class PhaseRules {

    static final String STARTING = "Starting";

    private PhaseRules() {}

    record Shown(ObservedPhase phase, String reason) {}

    /** What a workload shows the moment its desired state changes, before Kubernetes reacts; empty: keep it. */
    static Optional<Shown> onDesire(DesiredState before, DesiredState after, String stopReason) {
        if (after == DesiredState.STOPPED) {
            return Optional.of(new Shown(ObservedPhase.STOPPED, stopReason));
        }
        if (after == DesiredState.RUNNING && before == DesiredState.STOPPED) {
            return Optional.of(new Shown(ObservedPhase.PENDING, STARTING));
        }
        return Optional.empty();
    }

    /** Whether an observation of the real objects replaces what the workload shows now. */
    static boolean accepts(DesiredState desired, ObservedPhase shown, ObservedPhase observed) {
        return switch (desired) {
            // pods still shutting down, or gone: keep showing who stopped it and why
            case STOPPED -> observed == ObservedPhase.STOPPED && shown != ObservedPhase.STOPPED;
            // "stopped" while it should run is a reading from before the start
            case RUNNING -> observed != ObservedPhase.STOPPED;
            case DELETED -> true;
        };
    }
}
