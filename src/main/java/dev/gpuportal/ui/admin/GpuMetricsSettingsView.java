package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import dev.gpuportal.gpu.GpuFormat;
import dev.gpuportal.metrics.MetricsSettings;
import dev.gpuportal.metrics.MetricsSettingsForm;
import dev.gpuportal.metrics.MetricsSettingsService;
import dev.gpuportal.security.Authorities;
import dev.gpuportal.ui.base.Notifications;
import jakarta.annotation.security.RolesAllowed;
import java.util.LinkedHashMap;
import java.util.Map;

/** The idle rule (threshold and time) and the price of a GPU-hour per product; a wrong field saves nothing. */
@Route("admin/gpu-use/settings")
@PageTitle("GPU use settings · GPU Portal")
@RolesAllowed(Authorities.ADMIN_ROLE)
public class GpuMetricsSettingsView extends VerticalLayout {

    final TextField idleThreshold = new TextField("Idle below (% GPU compute)");
    final TextField idleMinutes = new TextField("Idle for (minutes)");
    final Map<String, TextField> prices = new LinkedHashMap<>();
    final Button save = new Button("Save settings");
    private final MetricsSettingsService settings;

    GpuMetricsSettingsView(MetricsSettingsService settings) {
        this.settings = settings;
        addClassName("page");
        MetricsSettings current = settings.current();
        idleThreshold.setValue(Integer.toString(current.idleThresholdPercent()));
        idleMinutes.setValue(Long.toString(current.idleFor().toMinutes()));
        add(
                new RouterLink("GPU use", GpuMetricsView.class),
                new H2("Idle rule and prices"),
                new Paragraph("A workload is idle when its GPUs stay below the threshold for the whole time."),
                new HorizontalLayout(idleThreshold, idleMinutes),
                new Paragraph("Price per GPU-hour, by product (empty: no cost shown)"));
        for (String product : settings.products()) {
            TextField price = new TextField(GpuFormat.model(product) + " (" + product + ")");
            var set = current.pricePerGpuHour().get(product);
            price.setValue(set == null ? "" : set.toPlainString());
            prices.put(product, price);
            add(price);
        }
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> save());
        add(save);
    }

    void save() {
        Map<String, String> typed = new LinkedHashMap<>();
        prices.forEach((product, field) -> typed.put(product, field.getValue()));
        Map<String, HasValidation> fields = new LinkedHashMap<>();
        fields.put("idleThresholdPercent", idleThreshold);
        fields.put("idleMinutes", idleMinutes);
        prices.forEach((product, field) -> fields.put(MetricsSettingsForm.priceField(product), field));
        if (Notifications.run(
                () -> settings.update(new MetricsSettingsForm(idleThreshold.getValue(), idleMinutes.getValue(), typed)),
                fields)) {
            Notifications.success("Settings saved");
        }
    }
}
