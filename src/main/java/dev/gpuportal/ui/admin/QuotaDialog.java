package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.quota.QuotaView;
import dev.gpuportal.ui.base.Notifications;
import java.util.ArrayList;
import java.util.List;

/**
 * Edits one tenant's quota: GPU-equivalents, optional caps per GPU profile, CPU, memory, storage, workloads. A limit
 * of 0 is saved only after the admin has read what it means and confirmed it.
 */
class QuotaDialog extends Dialog {

    final QuotaFields quota;
    final Button save = new Button("Save quota");
    final DialogFeedback feedback = new DialogFeedback();
    /** Asks before a limit of 0 is saved; open while it waits for the admin's answer. */
    ConfirmDialog zeroLimits;

    QuotaDialog(QuotaService quotas, GpuCatalog catalog, QuotaView current, Runnable onSaved) {
        setHeaderTitle("Quota of " + current.tenantName() + " (" + current.tenantSlug() + ")");
        quota = new QuotaFields(catalog.enabled(), current.draft());
        add(feedback, quota);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> {
            QuotaDraft draft = quota.draft();
            List<String> warnings = new ArrayList<>();
            if (!feedback.run(() -> warnings.addAll(quotas.check(current.tenantSlug(), draft)), quota.fields())) {
                return;
            }
            Runnable saveIt = () -> {
                if (feedback.run(() -> quotas.update(current.tenantSlug(), current.version(), draft), quota.fields())) {
                    Notifications.success("Quota of " + current.tenantSlug() + " saved");
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
        setMaxWidth("100vw");
    }
}
