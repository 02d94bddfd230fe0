package dev.gpuportal.base;

import java.util.function.Consumer;

/**
 * Whether this portal replica leads: only the leader reconciles clusters, stops idle notebooks and syncs tenant
 * files; every replica serves the UI and the API.
 */
public interface Leadership {

    boolean isLeader();

    /** Tells {@code listener} the current state now and every change later (true: this replica leads). */
    void whileLeading(Consumer<Boolean> listener);
}
