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

    @Test
    void aDemandThatFillsEveryLimitExactlyFitsAndOneUnitMoreIsRefusedWithTheNumbers() {
        QuotaLimits limits =
                new QuotaLimits(GpuAmount.of(3, 7), Map.of(3L, 3), 4000, 16 * GI, 100 * GI, 2, Duration.ZERO);
        List<WorkloadDemand> admitted = List.of(new WorkloadDemand(3L, 1, 1500, 6 * GI, 60 * GI));
        WorkloadDemand exact = new WorkloadDemand(3L, 2, 2500, 10 * GI, 40 * GI);

        assertThat(QuotaAdmission.QuotaCheck.shortfalls("nlp", limits, admitted, exact, PROFILES))
                .isEmpty();

        WorkloadDemand oneMore = new WorkloadDemand(3L, 3, 2501, 10 * GI + 1, 40 * GI + 1);
        List<QuotaShortfall> all = QuotaAdmission.QuotaCheck.shortfalls("nlp", limits, admitted, oneMore, PROFILES);

        assertThat(all)
                .extracting(QuotaShortfall::limit)
                .containsExactly(
                        QuotaShortfall.Limit.GPUS,
                        QuotaShortfall.Limit.PROFILE_CAP,
                        QuotaShortfall.Limit.CPU,
                        QuotaShortfall.Limit.MEMORY,
                        QuotaShortfall.Limit.STORAGE);
        assertThat(all.get(1).message())
                .isEqualTo("Needs 3 × 1g.10gb; tenant nlp may hold at most 3 and holds 1"
                        + " — choose another profile, stop a workload, or ask an admin");
        assertThat(all.get(2).over()).isEqualTo("0.001 cores");
        assertThat(all.get(2).message())
                .isEqualTo("Needs 2.501 cores; tenant nlp has 2.5 cores of 4 cores left"
                        + " — ask for less CPU, stop a workload, or ask an admin");
        assertThat(all.get(3).over()).as("one byte over").isEqualTo("1 B memory");
        assertThat(all.get(3).message())
                .isEqualTo("Needs 10 GiB memory; tenant nlp has 10 GiB of 16 GiB left"
                        + " — ask for less memory, stop a workload, or ask an admin");
        assertThat(all.get(4).message())
                .isEqualTo("Needs 40 GiB storage; tenant nlp has 40 GiB of 100 GiB left"
                        + " — use a smaller volume, delete a workload, or ask an admin");
    }

    @Test
    void aTenantAlreadyOverItsLowerQuotaIsShownNothingLeftNotANegativeAmount() {
        QuotaLimits lowered = new QuotaLimits(GpuAmount.of(1, 7), Map.of(), 1000, 2 * GI, 10 * GI, 20, Duration.ZERO);
        List<WorkloadDemand> admitted = List.of(new WorkloadDemand(3L, 2, 2000, 4 * GI, 20 * GI));
        WorkloadDemand small = new WorkloadDemand(3L, 1, 100, GI, GI);

        List<QuotaShortfall> all = QuotaAdmission.QuotaCheck.shortfalls("nlp", lowered, admitted, small, PROFILES);

        assertThat(all)
                .extracting(QuotaShortfall::message)
                .allSatisfy(m -> assertThat(m).doesNotContain("-"));
        assertThat(all.get(0).message()).contains("tenant nlp has 0 GPU of ");
        assertThat(all.get(1).message()).contains("tenant nlp has 0 cores of 1 core left");
        assertThat(all.get(1).over()).isEqualTo("1.1 cores");
        assertThat(all.get(2).message()).contains("tenant nlp has 0 B of 2 GiB left");
    }

    @Test
    void aCpuOnlyDemandIsNotCheckedAgainstGpusOrCapsAndTheWorkloadCountCountsEveryAdmittedOne() {
        QuotaLimits noGpus = new QuotaLimits(GpuAmount.ZERO, Map.of(3L, 0), 64_000, 256 * GI, 2048 * GI, 2, null);
        WorkloadDemand cpuOnly = new WorkloadDemand(null, 0, 1000, GI, GI);

        assertThat(QuotaAdmission.QuotaCheck.shortfalls(
                        "nlp", noGpus, List.of(new WorkloadDemand(null, 0, 1000, GI, GI)), cpuOnly, PROFILES))
                .isEmpty();
        List<WorkloadDemand> two =
                List.of(new WorkloadDemand(null, 0, 1000, GI, GI), new WorkloadDemand(null, 0, 1000, GI, GI));
        assertThat(QuotaAdmission.QuotaCheck.problem("nlp", noGpus, two, cpuOnly, PROFILES))
                .isEqualTo("Tenant nlp may run at most 2 workloads and has 2 — stop or delete one, or ask an admin"
                        + " for more");
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
