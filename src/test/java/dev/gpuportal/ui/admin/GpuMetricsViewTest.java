package dev.gpuportal.ui.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import dev.gpuportal.metrics.MetricsSettings;
import dev.gpuportal.metrics.MetricsSettingsService;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithMockUser;

/** The admins' GPU use page without a Prometheus URL, and its settings form. */
@SpringBootTest
@WithMockUser(
        username = "admin",
        roles = {"USER", "ADMIN"})
class GpuMetricsViewTest extends SpringBrowserlessTest {

    static final String H100 = "NVIDIA-H100-80GB-HBM3";

    @Autowired
    MetricsSettingsService settings;

    @Override
    protected Set<String> scanPackages() {
        return Set.of("dev.gpuportal.ui");
    }

    @Test
    void withoutPrometheusThePageSaysMetricsAreNotConfigured() {
        GpuMetricsView view = navigate(GpuMetricsView.class);
        assertThat(view.idleMessage.getText()).startsWith("GPU metrics are not configured");
        assertThat(view.fleetMessage.getText()).startsWith("GPU metrics are not configured");
        assertThat(view.showbackMessage.getText()).startsWith("GPU metrics are not configured");
        assertThat(view.showbackChart.isVisible()).isFalse();
    }

    @Test
    void wrongSettingsAreRefusedAtTheirFieldsAndNothingIsSaved() {
        MetricsSettings before = settings.current();
        GpuMetricsSettingsView view = navigate(GpuMetricsSettingsView.class);
        test(view.idleThreshold).setValue("lots");
        test(view.prices.get(H100)).setValue("-4");
        test(view.save).click();

        assertThat(view.idleThreshold.isInvalid()).isTrue();
        assertThat(view.idleThreshold.getErrorMessage()).isEqualTo("Enter a whole number of %, between 1 and 100");
        assertThat(view.prices.get(H100).isInvalid()).isTrue();
        assertThat(view.prices.get(H100).getErrorMessage()).isEqualTo("A price cannot be negative");
        assertThat(settings.current()).isEqualTo(before);

        test(view.idleThreshold).setValue("7");
        test(view.prices.get(H100)).setValue("2.75");
        test(view.save).click();
        assertThat(view.idleThreshold.isInvalid()).isFalse();
        assertThat(settings.current().idleThresholdPercent()).isEqualTo(7);
        assertThat(settings.current().pricePerGpuHour().get(H100)).isEqualByComparingTo("2.75");
    }
}
