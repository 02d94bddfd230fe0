package dev.gpuportal.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.gpu.GpuAmount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaRulesTest {

    @Test
    void everyLimitOfZeroIsSpelledOutForTheTenantsPeople() {
        QuotaLimits frozen = new QuotaLimits(GpuAmount.ZERO, Map.of(), 0, 0, 0, 0, null);
        assertThat(QuotaRules.zeroLimitWarnings("vision", frozen, List.of()))
                .containsExactly(
                        "0 workloads: nobody in tenant vision can run anything",
                        "0 CPU: nobody in tenant vision can run anything (every workload asks for CPU)",
                        "0 memory: nobody in tenant vision can run anything (every workload asks for memory)",
                        "0 storage: nobody in tenant vision can have a notebook workspace or a checkpoint volume",
                        "0 GPUs: workloads in tenant vision can run on CPUs only");
        QuotaLimits usable = new QuotaLimits(GpuAmount.ONE, Map.of(), 8000, 1L << 34, 1L << 37, 10, null);
        assertThat(QuotaRules.zeroLimitWarnings("vision", usable, List.of())).isEmpty();
    }

    @Test
    void limitsLeftOutComeFromTheDefaults() {
        QuotaDefaults defaults = new QuotaDefaults(null, null, null, null, null, null);
        assertThat(defaults.draft()).isEqualTo(new QuotaDraft("1", Map.of(), "16", "64Gi", "500Gi", "10", ""));
        QuotaDraft onlyGpus = new QuotaDraft("2.5", Map.of("mig-1g.10gb", "4"), null, "", null, null, null);
        assertThat(defaults.complete(onlyGpus))
                .isEqualTo(new QuotaDraft("2.5", Map.of("mig-1g.10gb", "4"), "16", "64Gi", "500Gi", "10", ""));
        assertThat(defaults.complete(null)).isEqualTo(defaults.draft());
        // a 0 typed on purpose stays 0 (and is warned about), it is not replaced
        assertThat(defaults.complete(new QuotaDraft("1", Map.of(), "8", "8Gi", "0", "0"))
                        .maxWorkloads())
                .isEqualTo("0");
    }
}
