package dev.gpuportal.cluster.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import java.util.Objects;

/**
 * Whether an update of an owned object changed only what the cluster reports about it and nothing the portal applies
 * or waits for. The API server rewrites a namespace's ResourceQuota usage on every create and delete there: during a
 * burst of submissions that is thousands of updates, each of which made a whole pass over the tenant.
 */
final class StatusOnlyChange {

    private StatusOnlyChange() {}

    static boolean of(HasMetadata before, HasMetadata after) {
        if (!sameMetadata(before.getMetadata(), after.getMetadata())) {
            return false;
        }
        if (before instanceof ResourceQuota b && after instanceof ResourceQuota a) {
            // the quota's usage moved; its enforced limits (status.hard) showing up is what the tenant waits for
            return Objects.equals(b.getSpec(), a.getSpec()) && Objects.equals(hard(b), hard(a));
        }
        if (before instanceof Namespace b && after instanceof Namespace a) {
            return Objects.equals(b.getSpec(), a.getSpec());
        }
        return false;
    }

    private static Object hard(ResourceQuota quota) {
        return quota.getStatus() == null ? null : quota.getStatus().getHard();
    }

    private static boolean sameMetadata(ObjectMeta b, ObjectMeta a) {
        return Objects.equals(b.getLabels(), a.getLabels())
                && Objects.equals(b.getAnnotations(), a.getAnnotations())
                && Objects.equals(b.getDeletionTimestamp(), a.getDeletionTimestamp())
                && Objects.equals(b.getFinalizers(), a.getFinalizers())
                && Objects.equals(b.getOwnerReferences(), a.getOwnerReferences());
    }
}
