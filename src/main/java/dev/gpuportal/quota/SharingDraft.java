package dev.gpuportal.quota;

/**
 * Sharing limits as typed in the quota console or sent to the API: GPU-equivalents ("4", "2.5"); blank for the
 * default (borrow up to the tenant's own quota again; lend everything).
 */
public record SharingDraft(String borrowingLimit, String lendingLimit) {

    public SharingDraft {
        borrowingLimit = borrowingLimit == null ? "" : borrowingLimit.strip();
        lendingLimit = lendingLimit == null ? "" : lendingLimit.strip();
    }
}
