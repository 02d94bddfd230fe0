package dev.gpuportal.cluster.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.cluster.workloads.WorkloadStatus.Observation;
import dev.gpuportal.workload.ObservedPhase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a workload's pods and Job read as a phase and a reason in the user's words. */
class WorkloadStatusTest {

    @Test
    void aFinishedJobDecidesThePhaseWhateverItsPodsSay() {
        assertThat(WorkloadStatus.of(true, List.of(running(true)), job("Complete", null, null)))
                .isEqualTo(new Observation(ObservedPhase.SUCCEEDED, "Finished"));
        assertThat(WorkloadStatus.of(true, List.of(), job("Failed", "DeadlineExceeded", "Job was active longer")))
                .isEqualTo(
                        new Observation(ObservedPhase.FAILED, "Ran longer than its maximum run time and was stopped"));
        assertThat(WorkloadStatus.of(true, List.of(), job("Failed", "BackoffLimitExceeded", null)))
                .isEqualTo(
                        new Observation(ObservedPhase.FAILED, "Failed on every try (retries used up): read the logs"));
        assertThat(WorkloadStatus.of(true, List.of(), job("Failed", "PodFailurePolicy", "container exited 3")))
                .isEqualTo(new Observation(ObservedPhase.FAILED, "PodFailurePolicy: container exited 3"));
        assertThat(WorkloadStatus.of(true, List.of(), job("Failed", null, null)))
                .isEqualTo(new Observation(ObservedPhase.FAILED, "Failed"));
    }

    @Test
    void aJobConditionThatIsNotTrueDoesNotFinishIt() {
        Job suspended = new JobBuilder()
                .withNewStatus()
                .addNewCondition()
                .withType("Complete")
                .withStatus("False")
                .endCondition()
                .endStatus()
                .build();

        assertThat(WorkloadStatus.of(true, List.of(), suspended))
                .isEqualTo(new Observation(ObservedPhase.PENDING, "Creating its pods"));
    }

    @Test
    void aStoppedWorkloadSaysWhetherItsPodsAreStillGoing() {
        assertThat(WorkloadStatus.of(false, List.of(), null))
                .isEqualTo(new Observation(ObservedPhase.STOPPED, "its volume is kept"));
        assertThat(WorkloadStatus.of(false, List.of(running(true)), null))
                .isEqualTo(new Observation(ObservedPhase.STOPPED, "its pods are shutting down"));
    }

    @Test
    void runningCountsOnlyReadyPods() {
        assertThat(WorkloadStatus.of(true, List.of(), null))
                .isEqualTo(new Observation(ObservedPhase.PENDING, "Creating"));
        assertThat(WorkloadStatus.of(true, List.of(running(true)), null))
                .isEqualTo(new Observation(ObservedPhase.RUNNING, "Running"));
        assertThat(WorkloadStatus.of(true, List.of(running(true), running(true), running(true)), null))
                .isEqualTo(new Observation(ObservedPhase.RUNNING, "3 pods running"));
        assertThat(WorkloadStatus.of(true, List.of(running(true), running(false)), null))
                .isEqualTo(new Observation(ObservedPhase.RUNNING, "1 of 2 pods ready"));
        assertThat(WorkloadStatus.of(true, List.of(running(false)), null))
                .isEqualTo(new Observation(ObservedPhase.PENDING, "Starting"));
    }

    @Test
    void aProblemOfOnePodOutranksTheOthersBeingReady() {
        Pod crashing = waiting("CrashLoopBackOff", "back-off 5m0s restarting failed container");

        assertThat(WorkloadStatus.of(true, List.of(running(true), crashing), null))
                .isEqualTo(new Observation(ObservedPhase.PENDING, "Keeps crashing right after start: read its logs"));
    }

    @Test
    void waitingReasonsReadInTheUsersWords() {
        assertThat(WorkloadStatus.problem(waiting("ImagePullBackOff", "not found")))
                .isEqualTo("Cannot pull the image nvcr.io/nvidia/pytorch:26.10-py3");
        assertThat(WorkloadStatus.problem(waiting("ErrImagePull", null)))
                .isEqualTo("Cannot pull the image nvcr.io/nvidia/pytorch:26.10-py3");
        assertThat(WorkloadStatus.problem(waiting("CreateContainerConfigError", "secret \"hf\" not found")))
                .isEqualTo("CreateContainerConfigError: secret \"hf\" not found");
        assertThat(WorkloadStatus.problem(waiting("ContainerCreating", null)))
                .as("merely starting")
                .isNull();
        assertThat(WorkloadStatus.problem(new PodBuilder()
                        .withNewStatus()
                        .withPhase("Failed")
                        .withReason("Evicted")
                        .endStatus()
                        .build()))
                .isEqualTo("A pod failed: Evicted");
        assertThat(WorkloadStatus.problem(new Pod())).isNull();
    }

    @Test
    void anUnschedulablePodSaysWhichResourceNoNodeHas() {
        assertThat(WorkloadStatus.unschedulable("0/3 nodes are available: 3 Insufficient nvidia.com/mig-1g.10gb."))
                .isEqualTo("Waiting for a GPU: no node has a free 1g.10gb"
                        + " (0/3 nodes are available: 3 Insufficient nvidia.com/mig-1g.10gb.)");
        assertThat(WorkloadStatus.unschedulable("0/3 nodes are available: 3 Insufficient nvidia.com/gpu."))
                .startsWith("Waiting for a GPU: no node has a free gpu (");
        assertThat(WorkloadStatus.unschedulable("0/2 nodes are available: 2 Insufficient nvidia.com/gpu.shared."))
                .as("a dot inside the resource name stays")
                .startsWith("Waiting for a GPU: no node has a free gpu.shared (");
        assertThat(WorkloadStatus.unschedulable("0/1 nodes are available: 1 Insufficient memory."))
                .isEqualTo("Waiting for room: no node has enough free memory (0/1 nodes are available: 1 Insufficient"
                        + " memory.)");
        assertThat(WorkloadStatus.unschedulable("pod has unbound immediate PersistentVolumeClaims"))
                .isEqualTo("Waiting for its volume (pod has unbound immediate PersistentVolumeClaims)");
        assertThat(WorkloadStatus.unschedulable(null)).isEqualTo("Waiting to be scheduled: ");

        Pod unscheduled = new PodBuilder()
                .withNewStatus()
                .withPhase("Pending")
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("False")
                .withMessage("0/1 nodes are available: 1 Insufficient cpu.")
                .endCondition()
                .endStatus()
                .build();
        assertThat(WorkloadStatus.of(true, List.of(unscheduled), new Job()))
                .isEqualTo(new Observation(
                        ObservedPhase.PENDING,
                        "Waiting for room: no node has enough free cpu (0/1 nodes are available: 1 Insufficient"
                                + " cpu.)"));
    }

    private static Pod running(boolean ready) {
        return new PodBuilder()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .endStatus()
                .build();
    }

    private static Pod waiting(String reason, String message) {
        return new PodBuilder()
                .withNewStatus()
                .withPhase("Pending")
                .addNewContainerStatus()
                .withImage("nvcr.io/nvidia/pytorch:26.10-py3")
                .withNewState()
                .withNewWaiting()
                .withReason(reason)
                .withMessage(message)
                .endWaiting()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();
    }

    private static Job job(String type, String reason, String message) {
        return new JobBuilder()
                .withNewStatus()
                .addNewCondition()
                .withType(type)
                .withStatus("True")
                .withReason(reason)
                .withMessage(message)
                .endCondition()
                .endStatus()
                .build();
    }
}
