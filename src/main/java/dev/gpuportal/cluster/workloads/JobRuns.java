package dev.gpuportal.cluster.workloads;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Job's pod template cannot be changed once created, so a training job restarted (on other GPUs, or as it was) is
 * a new run: the live Job of the earlier run is deleted, its pods first, and the wanted one then created under the
 * same name. Its checkpoint volume is a separate object and stays. Pure.
 */
final class JobRuns {

    private JobRuns() {}

    /** Whether {@code live} is an earlier run than {@code wanted}: its template was restarted at another time. */
    static boolean earlierRun(Job live, Job wanted) {
        return !Objects.equals(restartedAt(live), restartedAt(wanted));
    }

    /** The Job of an earlier run that stands in the way of {@code wanted}, if {@code wanted} is a Job. */
    static Optional<Job> inTheWay(HasMetadata wanted, Optional<Job> live) {
        if (!(wanted instanceof Job job) || live.isEmpty()) {
            return Optional.empty();
        }
        return earlierRun(live.get(), job) ? live : Optional.empty();
    }

    private static String restartedAt(Job job) {
        if (job.getSpec() == null
                || job.getSpec().getTemplate() == null
                || job.getSpec().getTemplate().getMetadata() == null) {
            return null;
        }
        Map<String, String> annotations =
                job.getSpec().getTemplate().getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(WorkloadManifests.RESTARTED_AT);
    }
}
