package dev.gpuportal.workload;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/** Tells live pages which tenant's workloads changed, after the change is committed. */
@Component
public class WorkloadEvents {

    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** Calls {@code onChange} with a tenant slug whenever one of its workloads changes; returns how to stop. */
    public Runnable subscribe(Consumer<String> onChange) {
        listeners.add(onChange);
        return () -> listeners.remove(onChange);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void changed(WorkloadChanged event) {
        listeners.forEach(l -> l.accept(event.tenantSlug()));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void observed(WorkloadObserved event) {
        listeners.forEach(l -> l.accept(event.tenantSlug()));
    }
}
