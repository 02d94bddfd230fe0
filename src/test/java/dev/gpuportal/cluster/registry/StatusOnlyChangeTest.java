package dev.gpuportal.cluster.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusOnlyChangeTest {

    private static ResourceQuota quota(String hardGpus, String enforced, String usedGpus, String label) {
        var builder = new ResourceQuotaBuilder()
                .withNewMetadata()
                .withName("gpu-portal-quota")
                .withNamespace("tenant-a")
                .withLabels(Map.of("team", label))
                .endMetadata()
                .withNewSpec()
                .withHard(Map.of("requests.nvidia.com/gpu", new Quantity(hardGpus)))
                .endSpec();
        if (enforced != null) {
            builder.withNewStatus()
                    .withHard(Map.of("requests.nvidia.com/gpu", new Quantity(enforced)))
                    .withUsed(Map.of("requests.nvidia.com/gpu", new Quantity(usedGpus)))
                    .endStatus();
        }
        return builder.build();
    }

    @Test
    void aQuotasUsageMovingIsOnlyStatus() {
        assertThat(StatusOnlyChange.of(quota("4", "4", "1", "a"), quota("4", "4", "2", "a")))
                .isTrue();
    }

    @Test
    void itsLimitsBecomingEnforcedOrChangedOrItsLabelsAreMore() {
        assertThat(StatusOnlyChange.of(quota("4", null, null, "a"), quota("4", "4", "0", "a")))
                .as("the quota becomes active: its tenant is ready")
                .isFalse();
        assertThat(StatusOnlyChange.of(quota("4", "4", "1", "a"), quota("8", "4", "1", "a")))
                .isFalse();
        assertThat(StatusOnlyChange.of(quota("4", "4", "1", "a"), quota("4", "4", "1", "b")))
                .isFalse();
    }

    @Test
    void otherKindsAlwaysCount() {
        var map = new ConfigMapBuilder()
                .withNewMetadata()
                .withName("x")
                .endMetadata()
                .build();
        assertThat(StatusOnlyChange.of(map, map)).isFalse();
    }
}
