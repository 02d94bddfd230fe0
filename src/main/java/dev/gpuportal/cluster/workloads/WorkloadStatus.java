package dev.gpuportal.cluster.workloads;

import dev.gpuportal.workload.ObservedPhase;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a workload's pods (and Job) and says in plain words where it stands. Pure. */
final class WorkloadStatus {

    private static final Pattern INSUFFICIENT = Pattern.compile("Insufficient ([\\w./-]+)");

    private WorkloadStatus() {}

    record Observation(ObservedPhase phase, String reason) {}

    static Observation of(boolean wantRunning, List<Pod> pods, Job job) {
        if (job != null && job.getStatus() != null && job.getStatus().getConditions() != null) {
            for (JobCondition c : job.getStatus().getConditions()) {
                if ("True".equals(c.getStatus()) && "Complete".equals(c.getType())) {
                    return new Observation(ObservedPhase.SUCCEEDED, "Finished");
                }
                if ("True".equals(c.getStatus()) && "Failed".equals(c.getType())) {
                    return new Observation(ObservedPhase.FAILED, jobFailure(c));
                }
            }
        }
        if (!wantRunning) {
            return pods.isEmpty()
                    ? new Observation(ObservedPhase.STOPPED, "its volume is kept")
                    : new Observation(ObservedPhase.STOPPED, "its pods are shutting down");
        }
        if (pods.isEmpty()) {
            return new Observation(ObservedPhase.PENDING, job == null ? "Creating" : "Creating its pods");
        }
        long running = pods.stream().filter(WorkloadStatus::runningAndReady).count();
        if (running == pods.size()) {
            return new Observation(ObservedPhase.RUNNING, running == 1 ? "Running" : running + " pods running");
        }
        for (Pod pod : pods) {
            String problem = problem(pod);
            if (problem != null) {
                return new Observation(ObservedPhase.PENDING, problem);
            }
        }
        if (running > 0) {
            return new Observation(ObservedPhase.RUNNING, running + " of " + pods.size() + " pods ready");
        }
        return new Observation(ObservedPhase.PENDING, "Starting");
    }

    static boolean runningAndReady(Pod pod) {
        if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) {
            return false;
        }
        List<PodCondition> conditions = pod.getStatus().getConditions();
        return conditions == null
                || conditions.stream().noneMatch(c -> "Ready".equals(c.getType()) && "False".equals(c.getStatus()));
    }

    /** Why a pod is not running yet, in the user's words, or null when it is merely starting. */
    static String problem(Pod pod) {
        if (pod.getStatus() == null) {
            return null;
        }
        if (pod.getStatus().getConditions() != null) {
            for (PodCondition c : pod.getStatus().getConditions()) {
                if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
                    return unschedulable(c.getMessage());
                }
            }
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
                if (s.getState() != null && s.getState().getWaiting() != null) {
                    String reason = s.getState().getWaiting().getReason();
                    if (reason == null || reason.equals("ContainerCreating")) {
                        continue;
                    }
                    return switch (reason) {
                        case "ImagePullBackOff", "ErrImagePull" -> "Cannot pull the image " + s.getImage();
                        case "CrashLoopBackOff" -> "Keeps crashing right after start: read its logs";
                        default ->
                            reason
                                    + (s.getState().getWaiting().getMessage() == null
                                            ? ""
                                            : ": " + s.getState().getWaiting().getMessage());
                    };
                }
            }
        }
        if ("Failed".equals(pod.getStatus().getPhase())) {
            return "A pod failed"
                    + (pod.getStatus().getReason() == null
                            ? ""
                            : ": " + pod.getStatus().getReason());
        }
        return null;
    }

    static String unschedulable(String message) {
        String m = message == null ? "" : message;
        Matcher insufficient = INSUFFICIENT.matcher(m);
        if (insufficient.find()) {
            // the scheduler ends each reason with a full stop, which the resource pattern would otherwise take in
            String resource = insufficient.group(1).replaceFirst("\\.$", "");
            String what = resource.startsWith("nvidia.com/")
                    ? "a free " + resource.substring("nvidia.com/".length()).replaceFirst("^mig-", "")
                    : "enough free " + resource;
            String prefix = resource.startsWith("nvidia.com/") ? "Waiting for a GPU: " : "Waiting for room: ";
            return prefix + "no node has " + what + " (" + m + ")";
        }
        if (m.contains("PersistentVolumeClaim")) {
            return "Waiting for its volume (" + m + ")";
        }
        return "Waiting to be scheduled: " + m;
    }

    private static String jobFailure(JobCondition c) {
        return switch (c.getReason() == null ? "" : c.getReason()) {
            case "DeadlineExceeded" -> "Ran longer than its maximum run time and was stopped";
            case "BackoffLimitExceeded" -> "Failed on every try (retries used up): read the logs";
            default ->
                (c.getReason() == null ? "Failed" : c.getReason())
                        + (c.getMessage() == null ? "" : ": " + c.getMessage());
        };
    }
}
