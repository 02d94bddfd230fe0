package dev.gpuportal.access;

import dev.gpuportal.workload.DesiredState;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadView;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The addresses the detail page and the API show for a workload the caller may already see. The external address
 * is {@code gpu-portal.access.base-url}, or else the address the caller used to reach the portal.
 */
@Service
public class Connections {

    private final AccessSettings settings;
    private final WorkloadUpstream upstream;

    Connections(AccessSettings settings, WorkloadUpstream upstream) {
        this.settings = settings;
        this.upstream = upstream;
    }

    /** The route's URL of a notebook or endpoint (empty for training jobs), whatever its state. */
    public Optional<String> url(WorkloadView w, String requestBase) {
        return connection(w, requestBase).map(Connection::url);
    }

    /** How to connect, once it runs; empty before (and for training jobs). */
    public Optional<Connection> whenRunning(WorkloadView w, String requestBase) {
        if (w.desired() != DesiredState.RUNNING || w.phase() != ObservedPhase.RUNNING) {
            return Optional.empty();
        }
        return connection(w, requestBase);
    }

    private Optional<Connection> connection(WorkloadView w, String requestBase) {
        String base = settings.baseUrl().isEmpty() ? requestBase.replaceAll("/+$", "") : settings.baseUrl();
        return RouteKind.of(w.kind())
                .map(kind -> Connection.of(base, kind, w.tenant(), w.name(), upstream.namespaceOf(w.tenant())));
    }
}
