package dev.gpuportal.quota;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The quota a new tenant starts with wherever it is made (console wizard, REST API, tenant files): every limit an
 * admin leaves out comes from here, so that a new tenant can run a notebook without anyone touching its limits.
 * Blank notebook idle limit: the portal's default.
 */
@ConfigurationProperties("gpu-portal.quota.defaults")
public record QuotaDefaults(
        String gpus, String cpu, String memory, String storage, String maxWorkloads, String notebookIdleLimit) {

    public QuotaDefaults {
        gpus = blankTo(gpus, "1");
        cpu = blankTo(cpu, "16");
        memory = blankTo(memory, "64Gi");
        storage = blankTo(storage, "500Gi");
        maxWorkloads = blankTo(maxWorkloads, "10");
        notebookIdleLimit = notebookIdleLimit == null ? "" : notebookIdleLimit.strip();
    }

    /** The defaults as a quota draft (no caps per profile). */
    public QuotaDraft draft() {
        return new QuotaDraft(gpus, java.util.Map.of(), cpu, memory, storage, maxWorkloads, notebookIdleLimit);
    }

    /** {@code given} with each limit it leaves blank (or the whole quota, when null) taken from the defaults. */
    public QuotaDraft complete(QuotaDraft given) {
        if (given == null) {
            return draft();
        }
        return new QuotaDraft(
                blankTo(given.gpus(), gpus),
                given.profileCaps(),
                blankTo(given.cpu(), cpu),
                blankTo(given.memory(), memory),
                blankTo(given.storage(), storage),
                blankTo(given.maxWorkloads(), maxWorkloads),
                blankTo(given.notebookIdleLimit(), notebookIdleLimit));
    }

    private static String blankTo(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
