package dev.gpuportal.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gpuportal.workload.DesiredState;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadChanged;
import dev.gpuportal.workload.WorkloadKind;
import dev.gpuportal.workload.WorkloadService;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What every call on a route needs to know about its workload and key, remembered for {@link #FRESH_FOR}: a page of
 * Jupyter or a program's burst of calls then costs no database round trips. A change made through this portal
 * (stop, delete, a key revoked) is forgotten at once after its commit; what the cluster reports (a pod that stopped
 * running) and changes made by another instance of the portal reach the routes within {@link #FRESH_FOR}.
 */
@Component
class RouteLookups {

    static final Duration FRESH_FOR = Duration.ofSeconds(2);

    /** The facts of a workload the routes decide on. */
    record WorkloadFacts(
            long id,
            String name,
            WorkloadKind kind,
            DesiredState desired,
            ObservedPhase phase,
            String reason,
            String owner) {

        boolean running() {
            return desired == DesiredState.RUNNING && phase == ObservedPhase.RUNNING;
        }

        /** The phase to tell a caller of a workload that does not run. */
        ObservedPhase shownPhase() {
            return desired == DesiredState.STOPPED ? ObservedPhase.STOPPED : phase;
        }
    }

    /** The facts of an endpoint key (never its secret, only the secret's hash). */
    record KeyFacts(long workloadId, String name, String secretHash, boolean revoked) {}

    private final WorkloadService workloads;
    private final EndpointKeyRepository keys;
    private final Cache<String, Optional<WorkloadFacts>> workloadFacts = Caffeine.newBuilder()
            .expireAfterWrite(FRESH_FOR)
            .maximumSize(10_000)
            .build();
    private final Cache<String, Optional<KeyFacts>> keyFacts = Caffeine.newBuilder()
            .expireAfterWrite(FRESH_FOR)
            .maximumSize(10_000)
            .build();

    RouteLookups(WorkloadService workloads, EndpointKeyRepository keys) {
        this.workloads = workloads;
        this.keys = keys;
    }

    /** A tenant's workload by name, deleted ones included (the caller decides what they mean). */
    Optional<WorkloadFacts> workload(String tenant, String name) {
        return workloadFacts.get(
                tenant + "/" + name,
                k -> workloads
                        .findByNameForInternalUse(tenant, name)
                        .map(w -> new WorkloadFacts(
                                w.getId(),
                                w.getName(),
                                w.getKind(),
                                w.getDesiredState(),
                                w.getObservedPhase(),
                                w.getObservedReason(),
                                w.getOwner())));
    }

    /** A key by its public id. */
    Optional<KeyFacts> key(String publicId) {
        return keyFacts.get(
                publicId,
                id -> keys.findByPublicId(id)
                        .map(k -> new KeyFacts(k.getWorkloadId(), k.getName(), k.getSecretHash(), k.revoked())));
    }

    /** Forgets a key once its change is committed (or now, outside a transaction). */
    void keyChanged(String publicId) {
        keyFacts.invalidate(publicId);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // a call between now and the commit may have read the old row again
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    keyFacts.invalidate(publicId);
                }
            });
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onWorkloadChanged(WorkloadChanged event) {
        String prefix = event.tenantSlug() + "/";
        workloadFacts.asMap().keySet().removeIf(k -> k.startsWith(prefix));
    }
}
