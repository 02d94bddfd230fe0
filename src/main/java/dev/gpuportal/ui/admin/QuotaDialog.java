package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.textfield.TextField;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.quota.QuotaView;
import dev.gpuportal.ui.base.Notifications;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Edits one tenant's quota: GPU-equivalents, optional caps per GPU profile, CPU, memory, storage, workloads. */
class QuotaDialog extends Dialog {

    final TextField gpus = new TextField("GPU-equivalents");
    final TextField cpu = new TextField("CPU (cores)");
    final TextField memory = new TextField("Memory");
    final TextField storage = new TextField("Storage");
    final TextField maxWorkloads = new TextField("Max workloads");
    final TextField notebookIdleLimit = new TextField("Stop notebooks idle for");
    final Map<String, TextField> caps = new LinkedHashMap<>();
    final Button save = new Button("Save quota");
    final DialogFeedback feedback = new DialogFeedback();
    /** Asks before a limit of 0 is saved; open while it waits for the admin's answer. */
    ConfirmDialog zeroLimits;

    QuotaDialog(QuotaService quotas, GpuCatalog catalog, QuotaView quota, Runnable onSaved) {
        setHeaderTitle("Quota of " + quota.tenantName() + " (" + quota.tenantSlug() + ")");
        QuotaDraft current = quota.draft();
        gpus.setValue(current.gpus());
        gpus.setHelperText("e.g. 2.5 or 17/7 — whole GPUs, MIG slices and shares all count");
        cpu.setValue(current.cpu());
        cpu.setHelperText("e.g. 64 or 500m");
        memory.setValue(current.memory());
        memory.setHelperText("e.g. 256Gi");
        storage.setValue(current.storage());
        storage.setHelperText("e.g. 2Ti");
        maxWorkloads.setValue(current.maxWorkloads());
        notebookIdleLimit.setValue(current.notebookIdleLimit());
        notebookIdleLimit.setPlaceholder("portal default");
        notebookIdleLimit.setHelperText("e.g. 4h or 90m; never to keep them running; their volumes are kept");
        FormLayout form = new FormLayout(gpus, maxWorkloads, cpu, memory, storage, notebookIdleLimit);
        form.add(new H4("Caps per GPU profile (empty = no cap beyond the total)"), 2);
        for (GpuProfile profile : catalog.enabled()) {
            TextField cap = new TextField(
                    profile.getShortLabel() + " (" + profile.getEquivalent().toPrettyString() + " GPU each)");
            cap.setValue(current.profileCaps().getOrDefault(profile.getName(), ""));
            cap.setPlaceholder("no cap");
            cap.setId("cap-" + profile.getName());
            caps.put(profile.getName(), cap);
            form.add(cap);
        }
        add(feedback, form);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> {
            Map<String, String> capValues = new HashMap<>();
            caps.forEach((name, field) -> capValues.put(name, field.getValue()));
            QuotaDraft draft = new QuotaDraft(
                    gpus.getValue(),
                    capValues,
                    cpu.getValue(),
                    memory.getValue(),
                    storage.getValue(),
                    maxWorkloads.getValue(),
                    notebookIdleLimit.getValue());
            Notifications.clear(fields());
            List<String> warnings = new ArrayList<>();
            if (!feedback.run(() -> warnings.addAll(quotas.check(quota.tenantSlug(), draft)), fields())) {
                return;
            }
            Runnable saveIt = () -> {
                if (feedback.run(() -> quotas.update(quota.tenantSlug(), quota.version(), draft), fields())) {
                    Notifications.success("Quota of " + quota.tenantSlug() + " saved");
                    close();
                    onSaved.run();
                }
            };
            if (warnings.isEmpty()) {
                saveIt.run();
            } else {
                zeroLimits = ZeroLimitsConfirm.open(this, warnings, "Save with 0", saveIt);
            }
        });
        getFooter().add(new Button("Cancel", e -> close()), save);
        setWidth("48rem");
    }

    private Map<String, HasValidation> fields() {
        Map<String, HasValidation> fields = new HashMap<>();
        fields.put("gpus", gpus);
        fields.put("cpu", cpu);
        fields.put("memory", memory);
        fields.put("storage", storage);
        fields.put("maxWorkloads", maxWorkloads);
        fields.put("notebookIdleLimit", notebookIdleLimit);
        caps.forEach((name, field) -> fields.put("cap." + name, field));
        return fields;
    }
}
