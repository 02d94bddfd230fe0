package dev.gpuportal.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the objects the portal owns on a cluster (by the managed-by label) and reports the tenant of any that is
 * changed or deleted, so hand edits are repaired within seconds rather than at the next resync.
 */
final class OwnedObjectWatch<T extends HasMetadata> implements ResourceEventHandler<T> {

    private static final Logger log = LoggerFactory.getLogger(OwnedObjectWatch.class);

    private final Consumer<String> tenantChanged;

    private OwnedObjectWatch(Consumer<String> tenantChanged) {
        this.tenantChanged = tenantChanged;
    }

    static void start(RegisteredCluster cluster, Consumer<String> tenantChanged) {
        KubernetesClient client = cluster.client();
        Map<String, String> owned = Map.of(OwnedLabels.MANAGED_BY, OwnedLabels.MANAGER);
        List<SharedIndexInformer<? extends HasMetadata>> informers = List.of(
                client.namespaces().withLabels(owned).runnableInformer(0),
                client.resourceQuotas().inAnyNamespace().withLabels(owned).runnableInformer(0),
                client.limitRanges().inAnyNamespace().withLabels(owned).runnableInformer(0),
                client.rbac().roleBindings().inAnyNamespace().withLabels(owned).runnableInformer(0),
                client.network()
                        .v1()
                        .networkPolicies()
                        .inAnyNamespace()
                        .withLabels(owned)
                        .runnableInformer(0));
        for (SharedIndexInformer<? extends HasMetadata> informer : informers) {
            watch(informer, tenantChanged, cluster.name());
            cluster.closeWithCluster(informer::close);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void watch(SharedIndexInformer informer, Consumer<String> tenantChanged, String cluster) {
        informer.exceptionHandler((started, error) -> {
            log.debug("Watch on cluster '{}' failed, retrying: {}", cluster, error.toString());
            return true;
        });
        informer.addEventHandler(new OwnedObjectWatch<>(tenantChanged));
        informer.start();
    }

    @Override
    public void onAdd(T object) {
        // Objects appear because the reconciler created them; nothing to repair.
    }

    @Override
    public void onUpdate(T before, T after) {
        if (!java.util.Objects.equals(
                before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
            report(after);
        }
    }

    @Override
    public void onDelete(T object, boolean unknownFinalState) {
        report(object);
    }

    private void report(T object) {
        String tenant = object.getMetadata().getLabels() == null
                ? null
                : object.getMetadata().getLabels().get(OwnedLabels.TENANT);
        if (tenant != null) {
            tenantChanged.accept(tenant);
        }
    }
}
