package dev.gpuportal.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadFormTest {

    @Test
    void aTrainingRequestGivenTheGpusItsNeedPickedKeepsEverythingElse() {
        var asked = new WorkloadForm.Training(
                "nlp",
                "bert",
                "pytorch:26.10",
                List.of("python", "train.py"),
                List.of("--epochs=3"),
                List.of(new WorkloadForm.EnvVar("SEED", "7")),
                "4",
                "16Gi",
                null,
                null,
                "4",
                "2",
                "12h",
                "20Gi",
                true);

        var picked = (WorkloadForm.Training) asked.withGpus("mig-3g.40gb", "1");

        assertThat(picked.gpuProfile()).isEqualTo("mig-3g.40gb");
        assertThat(picked.gpuCount()).isEqualTo("1");
        assertThat(picked.fastInterconnect()).isTrue();
        assertThat(picked)
                .usingRecursiveComparison()
                .ignoringFields("gpuProfile", "gpuCount")
                .isEqualTo(asked);
    }
}
