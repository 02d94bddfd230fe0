package dev.gpuportal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuportal.base.InvalidInputException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsSettingsRulesTest {

    static final String H100 = "NVIDIA-H100-80GB-HBM3";

    @Test
    void readsWhatAnAdminTypes() {
        MetricsSettings s = MetricsSettingsRules.parse(
                new MetricsSettingsForm(" 5 ", "120", Map.of(H100, "3.60", "NVIDIA-L4", "")));
        assertThat(s.idleThresholdPercent()).isEqualTo(5);
        assertThat(s.idleFor()).isEqualTo(Duration.ofHours(2));
        assertThat(s.pricePerGpuHour()).containsOnlyKeys(H100);
        assertThat(s.pricePerGpuHour().get(H100)).isEqualByComparingTo("3.6");
    }

    @Test
    void everyWrongFieldGetsItsOwnMessage() {
        assertThatThrownBy(() -> MetricsSettingsRules.parse(
                        new MetricsSettingsForm("-1", "soon", Map.of(H100, "-2", "NVIDIA-L4", "cheap"))))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors())
                                .containsEntry("idleThresholdPercent", "Between 1 and 100 %")
                                .containsEntry("idleMinutes", "Enter a whole number of minutes, between 1 and 10080")
                                .containsEntry("price." + H100, "A price cannot be negative")
                                .containsEntry("price.NVIDIA-L4", "'cheap' is not a number: use e.g. 2.50"));
        assertThatThrownBy(() -> MetricsSettingsRules.parse(new MetricsSettingsForm("5", "0", Map.of(H100, "1.23456"))))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.fieldErrors()).containsOnlyKeys("idleMinutes", "price." + H100));
    }
}
