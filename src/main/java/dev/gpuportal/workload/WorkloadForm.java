package dev.gpuportal.workload;

/**
 * A workload request as typed in a form or sent to the API: text fields, validated by {@link WorkloadRules}. Empty
 * GPU profile means CPU only.
 */
public sealed interface WorkloadForm {

    String tenant();

    String name();

    String image();

    String cpu();

    String memory();

    String gpuProfile();

    String gpuCount();

    WorkloadKind kind();

    record Notebook(
            String tenant,
            String name,
            String image,
            String cpu,
            String memory,
            String gpuProfile,
            String gpuCount,
            String workspace)
            implements WorkloadForm {

        @Override
        public WorkloadKind kind() {
            return WorkloadKind.NOTEBOOK;
        }
    }

    /** {@code command} and {@code args}: one item per line; {@code env}: KEY=value per line. */
    record Training(
            String tenant,
            String name,
            String image,
            String command,
            String args,
            String env,
            String cpu,
            String memory,
            String gpuProfile,
            String gpuCount,
            String workers,
            String retries,
            String maxRunTime,
            String checkpoint)
            implements WorkloadForm {

        @Override
        public WorkloadKind kind() {
            return WorkloadKind.TRAINING_JOB;
        }
    }

    record Inference(
            String tenant,
            String name,
            String image,
            String port,
            String cpu,
            String memory,
            String gpuProfile,
            String gpuCount,
            String minReplicas,
            String maxReplicas,
            String targetCpuPercent,
            String readinessPath)
            implements WorkloadForm {

        @Override
        public WorkloadKind kind() {
            return WorkloadKind.INFERENCE_ENDPOINT;
        }
    }
}
