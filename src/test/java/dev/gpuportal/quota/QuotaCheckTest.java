package dev.gpuportal.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.gpu.GpuProfileKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.test.util.ReflectionTestUtils;

/** The admission arithmetic: every limit a demand would exceed, by how much, and the refusal admission gives. */
class QuotaCheckTest {

    static final GpuProfile SLICE = profile(3L, "1g.10gb", "NVIDIA-H100-80GB-HBM3", 1, 7);
    static final Map<Long, GpuProfile> PROFILES = Map.of(3L, SLICE);
    static final long GI = 1L << 30;

    @Test
    void aNewTenantWithOnlyAGpuQuotaIsShortOfEveryOtherLimitAndAllOfThemAreNamed() {
        QuotaLimits gpuOnly = new QuotaLimits(GpuAmount.of(5, 2), Map.of(), 0, 0, 0, 0, Duration.ZERO);
        WorkloadDemand notebook = new WorkloadDemand(3L, 1, 2000, 8 * GI, 20 * GI);

        List<QuotaShortfall> all =
                QuotaAdmission.QuotaCheck.shortfalls("day-one", gpuOnly, List.of(), notebook, PROFILES);

        assertThat(all)
                .extracting(QuotaShortfall::limit, QuotaShortfall::over)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(QuotaShortfall.Limit.WORKLOADS, "1 workload"),
                        org.assertj.core.groups.Tuple.tuple(QuotaShortfall.Limit.CPU, "2 cores"),
                        org.assertj.core.groups.Tuple.tuple(QuotaShortfall.Limit.MEMORY, "8 GiB memory"),
                        org.assertj.core.groups.Tuple.tuple(QuotaShortfall.Limit.STORAGE, "20 GiB storage"));
        // admission refuses with the first of them, as before
        assertThat(QuotaAdmission.QuotaCheck.problem("day-one", gpuOnly, List.of(), notebook, PROFILES))
                .isEqualTo(all.getFirst().message())
                .startsWith("Tenant day-one may run at most 0 workloads and has 0");
    }

    @Test
    void gpusAndProfileCapsSayHowFarOverTheyAre() {
        QuotaLimits limits =
                new QuotaLimits(GpuAmount.of(2, 7), Map.of(3L, 2), 64_000, 256 * GI, 2048 * GI, 20, Duration.ZERO);
        List<WorkloadDemand> admitted = List.of(new WorkloadDemand(3L, 1, 1000, GI, GI));
        WorkloadDemand three = new WorkloadDemand(3L, 3, 1000, GI, GI);

        List<QuotaShortfall> all = QuotaAdmission.QuotaCheck.shortfalls("nlp", limits, admitted, three, PROFILES);

        assertThat(all)
                .extracting(QuotaShortfall::limit)
                .containsExactly(QuotaShortfall.Limit.GPUS, QuotaShortfall.Limit.PROFILE_CAP);
        assertThat(all.get(0).over()).isEqualTo("0.29 GPU (2/7)");
        assertThat(all.get(0).message())
                .isEqualTo("Needs 0.43 GPU (3/7 H100) for 3 × 1g.10gb; tenant nlp has 0.14 GPU (1/7) of 0.29 GPU"
                        + " (2/7) left — choose a smaller profile, stop a workload, or ask an admin");
        assertThat(all.get(1).over()).isEqualTo("2 × 1g.10gb");
    }

    @Test
    void aDemandThatFitsHasNoShortfall() {
        QuotaLimits roomy =
                new QuotaLimits(GpuAmount.whole(4), Map.of(), 64_000, 256 * GI, 2048 * GI, 20, Duration.ZERO);
        assertThat(QuotaAdmission.QuotaCheck.shortfalls(
                        "nlp", roomy, List.of(), new WorkloadDemand(3L, 1, 2000, 8 * GI, 20 * GI), PROFILES))
                .isEmpty();
    }

    private static GpuProfile profile(long id, String label, String model, long numerator, long denominator) {
        GpuProfile p = BeanUtils.instantiateClass(GpuProfile.class);
        ReflectionTestUtils.setField(p, "id", id);
        ReflectionTestUtils.setField(p, "name", "mig-" + label);
        ReflectionTestUtils.setField(p, "shortLabel", label);
        ReflectionTestUtils.setField(p, "gpuModel", model);
        ReflectionTestUtils.setField(p, "kind", GpuProfileKind.MIG);
        ReflectionTestUtils.setField(p, "equivalentNumerator", numerator);
        ReflectionTestUtils.setField(p, "equivalentDenominator", denominator);
        return p;
    }
}
