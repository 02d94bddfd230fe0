package dev.gpuportal.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.gpu.GpuProfileKind;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.test.util.ReflectionTestUtils;

/** The rules a workload request passes before anything is stored: limits at their edges and what each refusal says. */
class WorkloadRulesTest {

    static final GpuProfile H100 = profile("h100-80gb", "H100", "nvidia.com/gpu");
    static final WorkloadSettings SETTINGS = new WorkloadSettings(null, null, null, null, null);
    static final WorkloadRules.Context NODES_OF_EIGHT =
            new WorkloadRules.Context(Map.of("h100-80gb", H100), SETTINGS, resource -> OptionalLong.of(8));

    @Test
    void aTrainingJobLeftAtItsDefaultsGetsOneWorkerNoRetriesAndADayToRun() {
        WorkloadSpec.Training spec = (WorkloadSpec.Training) WorkloadRules.validate(
                training("fine-tune", "4", "16Gi", "h100-80gb", "2", "", "", ""), NODES_OF_EIGHT);

        assertThat(spec.workers()).isEqualTo(1);
        assertThat(spec.retries()).isZero();
        assertThat(spec.maxRunSeconds()).isEqualTo(24 * 3600);
        assertThat(spec.cpuMillis()).isEqualTo(4000);
        assertThat(spec.memoryBytes()).isEqualTo(16L << 30);
        assertThat(spec.gpuProfile()).isEqualTo("h100-80gb");
        assertThat(spec.gpuCount()).isEqualTo(2);
        assertThat(spec.command()).containsExactly("python", "train.py");
    }

    @Test
    void limitsHoldAtTheirEdgesAndRefuseOnePast() {
        assertThat(errors(training("a", "256", "2Ti", "", "", "64", "20", "7d")))
                .isEmpty();
        assertThat(errors(training("a", "0.064", "64Mi", "", "", "1", "0", "1m")))
                .isEmpty();

        assertThat(errors(training("a", "256001m", "2049Gi", "", "", "65", "21", "7d1m")))
                .containsEntry("cpu", "At most 256 cores per pod")
                .containsEntry("memory", "At most 2 TiB")
                .containsEntry("workers", "Between 1 and 64")
                .containsEntry("retries", "Between 0 and 20")
                .containsEntry("maxRunTime", "Between 1 minute and 7 days");
        assertThat(errors(training("a", "0", "63Mi", "", "", "0", "-1", "59s")))
                .containsEntry("cpu", "More than 0")
                .containsEntry("memory", "At least 64 MiB")
                .containsEntry("workers", "Between 1 and 64")
                .containsEntry("retries", "Between 0 and 20")
                .containsEntry("maxRunTime", "Between 1 minute and 7 days");
    }

    @Test
    void gpuCountsAreCheckedAgainstTheLargestNode() {
        assertThat(errors(training("a", "4", "16Gi", "h100-80gb", "8", "", "", "")))
                .isEmpty();
        assertThat(errors(training("a", "4", "16Gi", "h100-80gb", "9", "", "", "")))
                .containsEntry(
                        "gpuCount",
                        "No node offers more than 8 × H100: ask for at most 8 per pod, or use more workers");
        assertThat(errors(training("a", "4", "16Gi", "h100-80gb", "0.5", "", "", "")))
                .containsEntry(
                        "gpuCount",
                        "A whole number of H100 units (not '0.5'); for a fraction of a GPU choose a MIG or shared"
                                + " profile");
        assertThat(errors(training("a", "4", "16Gi", "h100-80gb", "0", "", "", "")))
                .containsEntry("gpuCount", "At least 1; for no GPU choose None (CPU only)");
    }

    @Test
    void withoutNodesToAskTheOnlyGpuLimitIsSixtyFourPerPod() {
        WorkloadRules.Context noNodes =
                new WorkloadRules.Context(Map.of("h100-80gb", H100), SETTINGS, resource -> OptionalLong.empty());
        Map<String, String> at64 = WorkloadRules.check(
                        training("a", "4", "16Gi", "h100-80gb", "64", "", "", ""), noNodes)
                .errors();
        Map<String, String> at65 = WorkloadRules.check(
                        training("a", "4", "16Gi", "h100-80gb", "65", "", "", ""), noNodes)
                .errors();

        assertThat(at64).isEmpty();
        assertThat(at65).containsExactly(Map.entry("gpuCount", "At most 64 per pod"));
    }

    @Test
    void aProfileNotOnOfferOrAGpuCountWithoutAProfileIsNamed() {
        assertThat(errors(training("a", "4", "16Gi", "a100-40gb", "1", "", "", "")))
                .containsEntry("gpuProfile", "There is no GPU profile 'a100-40gb' on offer");
        assertThat(errors(training("a", "4", "16Gi", "", "2", "", "", "")))
                .containsEntry("gpuProfile", "Choose a GPU profile for 2 GPU(s)");
    }

    @Test
    void imagesComeFromTheCuratedListOrAnAllowedRegistry() {
        assertThat(errors(trainingWithImage("nvcr.io/nvidia/pytorch:24.01-py3")))
                .isEmpty();
        assertThat(errors(trainingWithImage("python:3.12")))
                .containsEntry(
                        "image",
                        "Images must come from an allowed registry (quay.io/jupyter/, nvcr.io/nvidia/,"
                                + " docker.io/vllm/); ask an admin to allow docker.io");
        assertThat(errors(trainingWithImage("Not An Image")))
                .containsEntry(
                        "image",
                        "'Not An Image' is not an image reference such as quay.io/jupyter/scipy-notebook:2026-11-02");
        assertThat(errors(trainingWithImage(" "))).containsEntry("image", "Choose an image");
    }

    @Test
    void imagesAreQualifiedTheWayContainerRuntimesReadThem() {
        assertThat(WorkloadRules.qualify("python:3.12")).isEqualTo("docker.io/library/python:3.12");
        assertThat(WorkloadRules.qualify("vllm/vllm-openai:v0.12.0")).isEqualTo("docker.io/vllm/vllm-openai:v0.12.0");
        assertThat(WorkloadRules.qualify("localhost/mine:1")).isEqualTo("localhost/mine:1");
        assertThat(WorkloadRules.qualify("registry:5000/mine:1")).isEqualTo("registry:5000/mine:1");
        assertThat(WorkloadRules.qualify("nvcr.io/nvidia/pytorch:1")).isEqualTo("nvcr.io/nvidia/pytorch:1");
    }

    @Test
    void aTrainingJobNeedsACommandAndEnvironmentLinesAreKeyValue() {
        WorkloadForm.Training noCommand = new WorkloadForm.Training(
                "nlp",
                "a",
                "nvcr.io/nvidia/pytorch:26.10-py3",
                WorkloadForm.lines(" \n "),
                WorkloadForm.lines(""),
                WorkloadForm.envLines("GOOD=1\n1BAD=2\nnoequals"),
                "4",
                "16Gi",
                "",
                "",
                "",
                "",
                "",
                "20Gi",
                false);

        assertThat(errors(noCommand))
                .containsEntry("command", "A training job needs a command, e.g. python (one item per line)")
                .as("the first bad line is named")
                .containsEntry("env", "'1BAD=2' is not KEY=value (names: letters, digits, _)");
    }

    @Test
    void anInferenceEndpointsReplicasMustNotShrinkBelowTheMinimum() {
        assertThat(errors(inference("8000", "4", "2", "/v2/health/ready")))
                .containsExactly(Map.entry("maxReplicas", "At least the minimum (4)"));
        assertThat(errors(inference("0", "1", "1", "health")))
                .containsEntry("port", "Between 1 and 65535")
                .containsEntry("readinessPath", "An HTTP path such as /v2/health/ready");

        WorkloadSpec.Inference defaults =
                (WorkloadSpec.Inference) WorkloadRules.validate(inference("", "3", "", ""), NODES_OF_EIGHT);
        assertThat(defaults.port()).isEqualTo(8000);
        assertThat(defaults.maxReplicas()).as("max defaults to min").isEqualTo(3);
        assertThat(defaults.targetCpuPercent()).isEqualTo(70);
        assertThat(defaults.readinessPath()).isEqualTo("/");
    }

    @Test
    void validateThrowsEveryFieldErrorAtOnceAndCheckReturnsThemWithAStandInSpec() {
        WorkloadForm.Training bad = training("Bad_Name", "lots", "16Gi", "", "", "", "", "");

        assertThatThrownBy(() -> WorkloadRules.validate(bad, NODES_OF_EIGHT))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).fieldErrors())
                        .containsOnlyKeys("name", "cpu")
                        .containsEntry(
                                "cpu", "'lots' is not a CPU amount: use cores like 4 or 0.5, or millicores like 500m"));
        WorkloadRules.Checked checked = WorkloadRules.check(bad, NODES_OF_EIGHT);
        assertThat(checked.errors()).containsOnlyKeys("name", "cpu");
        assertThat(checked.spec().memoryBytes()).isEqualTo(16L << 30);
    }

    @Test
    void theFastInterconnectIsKeptOnTheSpecOfAGpuJobAndRefusedForACpuOnlyOne() {
        WorkloadSpec.Training spec = (WorkloadSpec.Training) WorkloadRules.validate(
                fastInterconnect(training("a", "4", "16Gi", "h100-80gb", "1", "4", "", "")), NODES_OF_EIGHT);
        assertThat(spec.fastInterconnect()).isTrue();
        assertThat(spec.workers()).isEqualTo(4);
        assertThat(((WorkloadSpec.Training) WorkloadRules.validate(
                                training("a", "4", "16Gi", "h100-80gb", "1", "4", "", ""), NODES_OF_EIGHT))
                        .fastInterconnect())
                .isFalse();

        assertThat(errors(fastInterconnect(training("a", "4", "16Gi", "", "", "4", "", ""))))
                .containsExactly(Map.entry(
                        "fastInterconnect",
                        "The fast interconnect links GPU nodes: choose a GPU profile, or leave this off for a CPU-only"
                                + " job"));
    }

    private static WorkloadForm.Training fastInterconnect(WorkloadForm.Training t) {
        return new WorkloadForm.Training(
                t.tenant(),
                t.name(),
                t.image(),
                t.command(),
                t.args(),
                t.env(),
                t.cpu(),
                t.memory(),
                t.gpuProfile(),
                t.gpuCount(),
                t.workers(),
                t.retries(),
                t.maxRunTime(),
                t.checkpoint(),
                true);
    }

    private static Map<String, String> errors(WorkloadForm form) {
        return WorkloadRules.check(form, NODES_OF_EIGHT).errors();
    }

    private static WorkloadForm.Training training(
            String name,
            String cpu,
            String memory,
            String profile,
            String gpus,
            String workers,
            String retries,
            String maxRunTime) {
        return new WorkloadForm.Training(
                "nlp",
                name,
                "nvcr.io/nvidia/pytorch:26.10-py3",
                WorkloadForm.lines("python\ntrain.py"),
                WorkloadForm.lines(""),
                WorkloadForm.envLines(""),
                cpu,
                memory,
                profile,
                gpus,
                workers,
                retries,
                maxRunTime,
                "20Gi",
                false);
    }

    private static WorkloadForm.Training trainingWithImage(String image) {
        return new WorkloadForm.Training(
                "nlp",
                "a",
                image,
                WorkloadForm.lines("python"),
                WorkloadForm.lines(""),
                WorkloadForm.envLines(""),
                "4",
                "16Gi",
                "",
                "",
                "",
                "",
                "",
                "20Gi",
                false);
    }

    private static WorkloadForm.Inference inference(String port, String min, String max, String path) {
        return new WorkloadForm.Inference(
                "nlp", "serve", "docker.io/vllm/vllm-openai:v0.12.0", port, "4", "16Gi", "", "", min, max, "", path);
    }

    private static GpuProfile profile(String name, String label, String resource) {
        GpuProfile p = BeanUtils.instantiateClass(GpuProfile.class);
        ReflectionTestUtils.setField(p, "id", 1L);
        ReflectionTestUtils.setField(p, "name", name);
        ReflectionTestUtils.setField(p, "shortLabel", label);
        ReflectionTestUtils.setField(p, "gpuModel", "NVIDIA-H100-80GB-HBM3");
        ReflectionTestUtils.setField(p, "kind", GpuProfileKind.WHOLE);
        ReflectionTestUtils.setField(p, "resourceName", resource);
        ReflectionTestUtils.setField(p, "equivalentNumerator", 1L);
        ReflectionTestUtils.setField(p, "equivalentDenominator", 1L);
        return p;
    }
}
