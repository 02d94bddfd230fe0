package dev.gpuportal.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuportal.base.InvalidInputException;
import org.junit.jupiter.api.Test;

class GpuProfileRulesTest {

    static GpuProfileDraft draft(GpuProfileKind kind, String resource, String equivalent) {
        return new GpuProfileDraft("p", "Profile", "p", "NVIDIA-H100-80GB-HBM3", kind, resource, equivalent, true);
    }

    @Test
    void validMigSlicesFollowTheMigUserGuide() {
        for (int slices : new int[] {1, 2, 3, 4, 7}) {
            String resource = "nvidia.com/mig-" + slices + "g." + (slices * 10) + "gb";
            assertThatCode(() -> GpuProfileRules.validate(draft(GpuProfileKind.MIG, resource, slices + "/7")))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void aFractionThatIsNoMigSliceIsRefusedAtTheField() {
        assertThatThrownBy(() -> GpuProfileRules.validate(draft(GpuProfileKind.MIG, "nvidia.com/mig-3g.40gb", "3/8")))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors().get("equivalent")).startsWith("3/8 is not a MIG slice"));
        assertThatThrownBy(() -> GpuProfileRules.validate(draft(GpuProfileKind.MIG, "nvidia.com/mig-5g.50gb", "5/7")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> GpuProfileRules.validate(draft(GpuProfileKind.MIG, "nvidia.com/mig-3g.40gb", "2/7")))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors().get("equivalent"))
                                .isEqualTo("mig-3g is 3/7 of a GPU, not 2/7"));
    }

    @Test
    void timeSlicedSharesAreOneOverReplicas() {
        assertThatCode(() ->
                        GpuProfileRules.validate(draft(GpuProfileKind.TIME_SLICED, "nvidia.com/gpu.shared", "1/2")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() ->
                        GpuProfileRules.validate(draft(GpuProfileKind.TIME_SLICED, "nvidia.com/gpu.shared", "2/3")))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void wholeGpusAreExactlyOneAndResourceNamesMustBeKubernetesNames() {
        assertThatThrownBy(() -> GpuProfileRules.validate(draft(GpuProfileKind.WHOLE, "nvidia.com/gpu", "2")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> GpuProfileRules.validate(draft(GpuProfileKind.WHOLE, "gpu please", "1")))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors()).containsKey("resourceName"));
    }
}
