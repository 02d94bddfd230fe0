package dev.gpuportal.workload;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/**
 * The validated settings of a workload, by kind. Stored as JSON with the request; the mapping to Kubernetes reads
 * them. Sizes are bytes, CPU millicores, times seconds; {@code gpuProfile} is null for a CPU-only workload.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = WorkloadSpec.Notebook.class, name = "notebook"),
    @JsonSubTypes.Type(value = WorkloadSpec.Training.class, name = "training"),
    @JsonSubTypes.Type(value = WorkloadSpec.Inference.class, name = "inference")
})
public sealed interface WorkloadSpec {

    String image();

    String gpuProfile();

    int gpuCount();

    long cpuMillis();

    long memoryBytes();

    /** Pods the workload holds at most (what quota is charged for). */
    int pods();

    /** Persistent storage it claims. */
    long storageBytes();

    /** A Jupyter notebook server: one pod with a workspace volume. */
    record Notebook(
            String image, long cpuMillis, long memoryBytes, String gpuProfile, int gpuCount, long workspaceBytes)
            implements WorkloadSpec {

        @Override
        public int pods() {
            return 1;
        }

        @Override
        public long storageBytes() {
            return workspaceBytes;
        }
    }

    /**
     * A batch training run on one or more workers, each with the same GPUs, and a checkpoint volume;
     * {@code fastInterconnect}: its workers are kept together on one fast interconnect block and use the nodes' RDMA
     * devices.
     */
    record Training(
            String image,
            List<String> command,
            List<String> args,
            Map<String, String> env,
            long cpuMillis,
            long memoryBytes,
            String gpuProfile,
            int gpuCount,
            int workers,
            int retries,
            long maxRunSeconds,
            long checkpointBytes,
            Boolean fastInterconnect)
            implements WorkloadSpec {

        public Training {
            // specs stored before this setting existed do not name it
            fastInterconnect = Boolean.TRUE.equals(fastInterconnect);
            command = List.copyOf(command);
            args = List.copyOf(args);
            env = Map.copyOf(env);
        }

        @Override
        public int pods() {
            return workers;
        }

        @Override
        public long storageBytes() {
            return checkpointBytes;
        }
    }

    /** A model server behind a Service, scaled between min and max replicas on CPU utilisation. */
    record Inference(
            String image,
            int port,
            long cpuMillis,
            long memoryBytes,
            String gpuProfile,
            int gpuCount,
            int minReplicas,
            int maxReplicas,
            int targetCpuPercent,
            String readinessPath)
            implements WorkloadSpec {

        @Override
        public int pods() {
            return maxReplicas;
        }

        @Override
        public long storageBytes() {
            return 0;
        }
    }
}
