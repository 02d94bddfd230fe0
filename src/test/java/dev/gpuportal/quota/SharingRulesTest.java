package dev.gpuportal.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.gpu.GpuAmount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sharing limits as typed: defaults when blank, a message at the field for anything that cannot be applied. */
class SharingRulesTest {

    static final GpuAmount FOUR = GpuAmount.whole(4);
    static final GpuAmount COHORT_OTHERS = GpuAmount.whole(12);

    @Test
    void blankMeansBorrowUpToTheOwnQuotaAgainAndLendEverything() {
        SharingLimits limits = SharingRules.parse(new SharingDraft("", " "), FOUR, COHORT_OTHERS);

        assertThat(limits).isEqualTo(SharingLimits.DEFAULT);
        assertThat(limits.borrowingOf(FOUR)).isEqualTo(FOUR);
        assertThat(limits.lendingOf(FOUR)).isEqualTo(FOUR);
        assertThat(limits.ceilingOf(FOUR)).isEqualTo(GpuAmount.whole(8));
    }

    @Test
    void exactAmountsAreKeptAndReadBack() {
        SharingLimits limits = SharingRules.parse(new SharingDraft("2.5", "1/7"), FOUR, COHORT_OTHERS);

        assertThat(limits).isEqualTo(new SharingLimits(GpuAmount.of(5, 2), GpuAmount.of(1, 7)));
        assertThat(SharingRules.toDraft(limits)).isEqualTo(new SharingDraft("5/2", "1/7"));
        assertThat(SharingRules.parse(SharingRules.toDraft(limits), FOUR, COHORT_OTHERS))
                .isEqualTo(limits);
    }

    @Test
    void negativeNotANumberAndMoreThanTheCohortHoldsAreRefusedAtTheField() {
        assertThat(errors(new SharingDraft("-1", "lots")))
                .containsOnlyKeys("borrowingLimit", "lendingLimit")
                .containsEntry("borrowingLimit", "Cannot be negative: 0 or more GPUs, or empty for the default")
                .hasEntrySatisfying("lendingLimit", m -> assertThat(m).contains("'lots' is not an amount of GPUs"));
        assertThat(errors(new SharingDraft("13", "")))
                .containsEntry("borrowingLimit", "At most 12 GPU: that is all the other tenants of the cohort hold");
        assertThat(errors(new SharingDraft("", "4.5")))
                .containsEntry("lendingLimit", "At most 4 GPU: the tenant's guaranteed quota is all it can lend");
    }

    @Test
    void aTrainingJobMayBorrowUpToTheCeilingWhileNotebooksStayWithinTheGuarantee() {
        GpuAmount one = GpuAmount.ONE;
        var profile = QuotaCheckTest.SLICE; // 1/7 GPU
        Map<Long, dev.gpuportal.gpu.GpuProfile> profiles = QuotaCheckTest.PROFILES;
        QuotaLimits oneGpu = new QuotaLimits(one, Map.of(), 64_000, 1L << 40, 1L << 42, 50, null);
        // seven slices of training jobs already hold the whole guarantee
        List<WorkloadDemand> admitted = List.of(new WorkloadDemand(profile.getId(), 7, 1000, 1, 1, true));
        WorkloadDemand job = new WorkloadDemand(profile.getId(), 7, 1000, 1, 1, true);
        WorkloadDemand notebook = new WorkloadDemand(profile.getId(), 7, 1000, 1, 1, false);

        // hard quota: both refused
        assertThat(QuotaAdmission.QuotaCheck.shortfalls("nlp", oneGpu, admitted, job, profiles))
                .isNotEmpty();
        // shared: the job borrows (ceiling 2 GPU), the notebook is guaranteed (jobs in the queue give way to it)
        assertThat(QuotaAdmission.QuotaCheck.shortfalls("nlp", oneGpu, SharingLimits.DEFAULT, admitted, job, profiles))
                .isEmpty();
        assertThat(QuotaAdmission.QuotaCheck.shortfalls(
                        "nlp", oneGpu, SharingLimits.DEFAULT, admitted, notebook, profiles))
                .isEmpty();
        // more jobs wait in the queue: what the others hold does not refuse them
        List<WorkloadDemand> full = List.of(admitted.getFirst(), job, job);
        assertThat(QuotaAdmission.QuotaCheck.shortfalls("nlp", oneGpu, SharingLimits.DEFAULT, full, job, profiles))
                .isEmpty();
        // a job that alone is above the ceiling could never run: refused with the numbers
        WorkloadDemand huge = new WorkloadDemand(profile.getId(), 15, 1000, 1, 1, true);
        assertThat(QuotaAdmission.QuotaCheck.shortfalls("nlp", oneGpu, SharingLimits.DEFAULT, full, huge, profiles))
                .singleElement()
                .extracting(QuotaShortfall::message)
                .asString()
                .contains("may hold at most 2 GPU at once (1 GPU guaranteed + 1 GPU it may borrow)");
        // a notebook over the guarantee is refused with the guarantee's numbers
        List<WorkloadDemand> notebooks = List.of(notebook);
        assertThat(QuotaAdmission.QuotaCheck.shortfalls(
                        "nlp", oneGpu, SharingLimits.DEFAULT, notebooks, notebook, profiles))
                .singleElement()
                .extracting(QuotaShortfall::message)
                .asString()
                .contains("of 1 GPU guaranteed (training jobs may borrow above it) left");
    }

    private static Map<String, String> errors(SharingDraft draft) {
        try {
            SharingRules.parse(draft, FOUR, COHORT_OTHERS);
        } catch (InvalidInputException e) {
            return e.fieldErrors();
        }
        throw new AssertionError("expected field errors for " + draft);
    }
}
