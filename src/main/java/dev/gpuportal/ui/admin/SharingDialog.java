package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import dev.gpuportal.gpu.GpuFormat;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.quota.SharingDraft;
import dev.gpuportal.quota.SharingView;
import dev.gpuportal.ui.base.Notifications;
import java.util.Map;

/** Edits how much a tenant may borrow of others' idle GPUs and how much of its own it lends (where Kueue runs). */
class SharingDialog extends Dialog {

    final TextField borrowing = new TextField("May borrow (GPUs)");
    final TextField lending = new TextField("Lends (GPUs)");
    final Button save = new Button("Save sharing");
    final DialogFeedback feedback = new DialogFeedback();

    SharingDialog(QuotaService quotas, SharingView current, Runnable onSaved) {
        setHeaderTitle("GPU sharing of " + current.tenantSlug());
        borrowing.setValue(current.draft().borrowingLimit());
        borrowing.setPlaceholder("default: " + current.guaranteed().toDecimalString());
        borrowing.setHelperText("Idle GPUs of other tenants its training jobs may use above its guaranteed "
                + GpuFormat.amount(current.guaranteed()) + "; empty: as much again as its own quota");
        lending.setValue(current.draft().lendingLimit());
        lending.setPlaceholder("default: everything");
        lending.setHelperText("How much of its idle guaranteed quota others may borrow; empty: all of it");
        Paragraph off = new Paragraph(current.active() ? "" : "Sharing is off: " + current.whyOff());
        off.setVisible(!current.active());
        add(feedback, off, borrowing, lending);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> {
            SharingDraft draft = new SharingDraft(borrowing.getValue(), lending.getValue());
            if (feedback.run(
                    () -> quotas.updateSharing(current.tenantSlug(), current.version(), draft),
                    Map.of("borrowingLimit", borrowing, "lendingLimit", lending))) {
                Notifications.success("Sharing of " + current.tenantSlug() + " saved");
                close();
                onSaved.run();
            }
        });
        getFooter().add(new Button("Cancel", e -> close()), save);
        setWidth("32rem");
        setMaxWidth("100vw");
    }
}
