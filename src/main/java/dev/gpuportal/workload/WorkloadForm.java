package dev.gpuportal.workload;

import java.util.ArrayList;
import java.util.List;

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

    /** The same request on {@code gpuCount} units of {@code gpuProfile} (what a stated GPU need picked). */
    default WorkloadForm withGpus(String gpuProfile, String gpuCount) {
        return switch (this) {
            case Notebook n ->
                new Notebook(n.tenant(), n.name(), n.image(), n.cpu(), n.memory(), gpuProfile, gpuCount, n.workspace());
            case Training t ->
                new Training(
                        t.tenant(),
                        t.name(),
                        t.image(),
                        t.command(),
                        t.args(),
                        t.env(),
                        t.cpu(),
                        t.memory(),
                        gpuProfile,
                        gpuCount,
                        t.workers(),
                        t.retries(),
                        t.maxRunTime(),
                        t.checkpoint(),
                        t.fastInterconnect());
            case Inference i ->
                new Inference(
                        i.tenant(),
                        i.name(),
                        i.image(),
                        i.port(),
                        i.cpu(),
                        i.memory(),
                        gpuProfile,
                        gpuCount,
                        i.minReplicas(),
                        i.maxReplicas(),
                        i.targetCpuPercent(),
                        i.readinessPath());
        };
    }

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

    /**
     * {@code command} and {@code args}: one item each; {@code env}: one variable each. A form that types them as
     * lines reads them with {@link #lines} and {@link #envLines}. {@code fastInterconnect}: keep the workers together
     * on the fast interconnect.
     */
    record Training(
            String tenant,
            String name,
            String image,
            List<String> command,
            List<String> args,
            List<EnvVar> env,
            String cpu,
            String memory,
            String gpuProfile,
            String gpuCount,
            String workers,
            String retries,
            String maxRunTime,
            String checkpoint,
            boolean fastInterconnect)
            implements WorkloadForm {

        public Training {
            command = command == null ? List.of() : List.copyOf(command);
            args = args == null ? List.of() : List.copyOf(args);
            env = env == null ? List.of() : List.copyOf(env);
        }

        @Override
        public WorkloadKind kind() {
            return WorkloadKind.TRAINING_JOB;
        }
    }

    /** An environment variable as given; a null value is a line that had no "=". */
    record EnvVar(String name, String value) {}

    /** The non-blank lines of a text area, stripped: one command item or argument per line. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        if (text != null) {
            for (String line : text.split("\\R")) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
        }
        return lines;
    }

    /** KEY=value lines as typed: split at the first "=", a line without one has no value. */
    static List<EnvVar> envLines(String text) {
        return lines(text).stream()
                .map(line -> line.indexOf('=') < 0
                        ? new EnvVar(line, null)
                        : new EnvVar(
                                line.substring(0, line.indexOf('=')).strip(), line.substring(line.indexOf('=') + 1)))
                .toList();
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
