package dev.gpuportal.quota;

import java.util.Map;

/**
 * A quota as typed: "2.5" GPUs, caps by profile name ("mig-1g.10gb" → "4"; blank means no cap), CPU "64",
 * memory "256Gi", storage "2Ti", max workloads "20", and how long a notebook may sit idle before it is stopped
 * ("4h"; "never"; blank for the portal's default).
 */
public record QuotaDraft(
        String gpus,
        Map<String, String> profileCaps,
        String cpu,
        String memory,
        String storage,
        String maxWorkloads,
        String notebookIdleLimit) {

    public QuotaDraft {
        profileCaps = profileCaps == null ? Map.of() : Map.copyOf(profileCaps);
        notebookIdleLimit = notebookIdleLimit == null ? "" : notebookIdleLimit;
    }

    /** A quota with the portal's default idle limit for notebooks. */
    public QuotaDraft(
            String gpus,
            Map<String, String> profileCaps,
            String cpu,
            String memory,
            String storage,
            String maxWorkloads) {
        this(gpus, profileCaps, cpu, memory, storage, maxWorkloads, "");
    }
}
