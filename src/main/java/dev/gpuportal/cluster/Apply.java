package dev.gpuportal.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.time.Duration;
import java.util.Map;

/** How both reconcilers write: only objects whose live state differs, by server-side apply; retries later. */
final class Apply {

    private Apply() {}

    /** Applies {@code desired} unless the live object already has all of it; returns whether it wrote. */
    static boolean ifChanged(RegisteredCluster cluster, HasMetadata desired) {
        if (!needsWrite(cluster.client(), desired)) {
            return false;
        }
        apply(cluster, desired);
        return true;
    }

    /** Server-side apply; the in-memory demo cluster cannot apply, so there the object is created or replaced. */
    static void apply(RegisteredCluster cluster, HasMetadata object) {
        if (cluster.demo()) {
            cluster.client().resource(object).createOr(NonDeletingOperation::update);
        } else {
            cluster.client()
                    .resource(object)
                    .fieldManager(OwnedLabels.FIELD_MANAGER)
                    .forceConflicts()
                    .serverSideApply();
        }
    }

    static boolean needsWrite(KubernetesClient client, HasMetadata desired) {
        HasMetadata live = client.resource(desired).get();
        if (live == null) {
            return true;
        }
        var serialization = client.getKubernetesSerialization();
        return !LiveState.satisfiedBy(
                serialization.convertValue(desired, Map.class), serialization.convertValue(live, Map.class));
    }

    /** Runs {@code retry} after a pause, without holding a reconciler's worker thread. */
    static void later(Runnable retry) {
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(Duration.ofSeconds(1));
                retry.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
