package dev.gpuportal.quota;

/**
 * One limit of a tenant's quota that a demand would exceed: which one, by how much ({@code over}, e.g. "0.14 GPU"),
 * and the refusal admission gives, with the numbers and a way out.
 */
public record QuotaShortfall(Limit limit, String over, String message) {

    /** The limits admission checks, in the order it checks them. */
    public enum Limit {
        WORKLOADS,
        GPUS,
        PROFILE_CAP,
        CPU,
        MEMORY,
        STORAGE
    }
}
