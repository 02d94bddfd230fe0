package dev.gpuportal.quota;

import dev.gpuportal.base.FieldErrors;
import dev.gpuportal.gpu.GpuAmount;

/**
 * Turns typed sharing limits into exact ones, or says per field what is wrong: not a number, negative, a borrowing
 * limit above what the rest of the cohort holds (it could never be borrowed), a lending limit above the tenant's own
 * guaranteed GPUs. Pure.
 */
final class SharingRules {

    static final String BORROWING = "borrowingLimit";
    static final String LENDING = "lendingLimit";

    private SharingRules() {}

    /**
     * @param guaranteed the tenant's guaranteed GPUs
     * @param othersInCohort what the other tenants of its cohort guarantee together (all it could ever borrow)
     */
    static SharingLimits parse(SharingDraft draft, GpuAmount guaranteed, GpuAmount othersInCohort) {
        FieldErrors errors = new FieldErrors();
        GpuAmount borrowing = amount(errors, BORROWING, draft.borrowingLimit());
        GpuAmount lending = amount(errors, LENDING, draft.lendingLimit());
        if (borrowing != null && borrowing.isGreaterThan(othersInCohort)) {
            errors.add(
                    BORROWING,
                    "At most " + othersInCohort.toDecimalString() + " GPU: that is all the other tenants of the"
                            + " cohort hold");
        }
        if (lending != null && lending.isGreaterThan(guaranteed)) {
            errors.add(
                    LENDING,
                    "At most " + guaranteed.toDecimalString() + " GPU: the tenant's guaranteed quota is all it can"
                            + " lend");
        }
        errors.throwIfAny();
        return new SharingLimits(borrowing, lending);
    }

    static SharingDraft toDraft(SharingLimits limits) {
        return new SharingDraft(
                limits.borrowing() == null ? "" : limits.borrowing().toFractionString(),
                limits.lending() == null ? "" : limits.lending().toFractionString());
    }

    private static GpuAmount amount(FieldErrors errors, String field, String text) {
        if (text.isEmpty()) {
            return null;
        }
        if (text.startsWith("-")) {
            errors.add(field, "Cannot be negative: 0 or more GPUs, or empty for the default");
            return null;
        }
        try {
            return GpuAmount.parse(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            errors.add(field, e.getMessage() + ", or empty for the default");
            return null;
        }
    }
}
