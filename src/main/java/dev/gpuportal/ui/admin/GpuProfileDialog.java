package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.gpu.GpuProfileDraft;
import dev.gpuportal.gpu.GpuProfileKind;
import dev.gpuportal.ui.base.Notifications;
import java.util.Map;

/** Adds or edits a GPU profile; the catalog's rules (e.g. valid MIG slices) answer at the fields. */
class GpuProfileDialog extends Dialog {

    final TextField name = new TextField("Name");
    final TextField displayName = new TextField("Description");
    final TextField shortLabel = new TextField("Short label");
    final TextField gpuModel = new TextField("GPU model (nvidia.com/gpu.product)");
    final Select<GpuProfileKind> kind = new Select<>();
    final TextField resourceName = new TextField("Kubernetes resource");
    final TextField equivalent = new TextField("GPU-equivalent");
    final Checkbox enabled = new Checkbox("Offered to users");
    final Button save = new Button("Save");

    GpuProfileDialog(GpuCatalog catalog, GpuProfile existing, Runnable onSaved) {
        setHeaderTitle(existing == null ? "New GPU profile" : "Edit " + existing.getName());
        kind.setLabel("Kind");
        kind.setItems(GpuProfileKind.values());
        kind.setItemLabelGenerator(GpuProfileKind::label);
        kind.setValue(GpuProfileKind.MIG);
        equivalent.setHelperText("MIG: 1/7, 2/7, 3/7, 4/7 or 1; time-sliced: 1/replicas; whole: 1");
        resourceName.setHelperText("e.g. nvidia.com/mig-3g.40gb");
        enabled.setValue(true);
        if (existing != null) {
            GpuProfileDraft d = existing.toDraft();
            name.setValue(d.name());
            displayName.setValue(d.displayName());
            shortLabel.setValue(d.shortLabel());
            gpuModel.setValue(d.gpuModel());
            kind.setValue(d.kind());
            resourceName.setValue(d.resourceName());
            equivalent.setValue(d.equivalent());
            enabled.setValue(d.enabled());
        }
        DialogFeedback feedback = new DialogFeedback();
        add(feedback, new FormLayout(name, shortLabel, displayName, gpuModel, kind, resourceName, equivalent, enabled));
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> {
            GpuProfileDraft draft = new GpuProfileDraft(
                    name.getValue(),
                    displayName.getValue(),
                    shortLabel.getValue(),
                    gpuModel.getValue(),
                    kind.getValue(),
                    resourceName.getValue(),
                    equivalent.getValue(),
                    enabled.getValue());
            boolean ok = feedback.run(
                    () -> {
                        if (existing == null) {
                            catalog.create(draft);
                        } else {
                            catalog.update(existing.getId(), existing.getVersion(), draft);
                        }
                    },
                    Map.of(
                            "name", name,
                            "displayName", displayName,
                            "shortLabel", shortLabel,
                            "gpuModel", gpuModel,
                            "kind", kind,
                            "resourceName", resourceName,
                            "equivalent", equivalent));
            if (ok) {
                Notifications.success("GPU profile " + name.getValue().strip() + " saved");
                close();
                onSaved.run();
            }
        });
        getFooter().add(new Button("Cancel", e -> close()), save);
        setWidth("44rem");
    }
}
