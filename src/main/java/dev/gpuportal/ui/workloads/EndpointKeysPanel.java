package dev.gpuportal.ui.workloads;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.gpuportal.access.EndpointKeyView;
import dev.gpuportal.access.EndpointKeys;
import dev.gpuportal.ui.base.Notifications;
import dev.gpuportal.ui.base.UserTime;
import java.util.Map;

/** An endpoint's keys: make a named one (its key shown here once), see them listed, revoke them. */
class EndpointKeysPanel extends Div {

    final TextField name = new TextField("New key's name");
    final Button create = new Button("Create key");
    final TextField created = new TextField("Your new key — copy it now, it is not shown again");
    final Grid<EndpointKeyView> grid = new Grid<>();
    private final EndpointKeys keys;
    private long workloadId;

    EndpointKeysPanel(EndpointKeys keys) {
        this.keys = keys;
        name.setPlaceholder("e.g. batch-job");
        created.setReadOnly(true);
        created.setWidth("40em");
        created.setVisible(false);
        create.addClickListener(e -> {
            EndpointKeys.CreatedKey[] made = new EndpointKeys.CreatedKey[1];
            if (Notifications.run(() -> made[0] = keys.create(workloadId, name.getValue()), Map.of("name", name))) {
                created.setValue(made[0].key());
                created.setVisible(true);
                name.clear();
                refresh();
            }
        });
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.addColumn(EndpointKeyView::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(EndpointKeyView::hint).setHeader("Key").setAutoWidth(true);
        grid.addColumn(k -> k.createdBy() + ", " + UserTime.shortDateTime(k.createdAt()))
                .setHeader("Created")
                .setAutoWidth(true);
        grid.addComponentColumn(k -> {
                    if (k.revokedAt() != null) {
                        return new Paragraph("revoked by " + k.revokedBy());
                    }
                    Button revoke = new Button("Revoke", e -> {
                        if (Notifications.run(() -> keys.revoke(workloadId, k.id()), Map.of())) {
                            Notifications.success("Key " + k.name() + " revoked");
                            refresh();
                        }
                    });
                    revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
                    return revoke;
                })
                .setHeader("")
                .setAutoWidth(true);
        grid.setAllRowsVisible(true);
        HorizontalLayout form = new HorizontalLayout(name, create);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(form, created, grid);
    }

    void show(long workloadId) {
        this.workloadId = workloadId;
        created.setVisible(false);
        refresh();
    }

    private void refresh() {
        grid.setItems(keys.list(workloadId));
    }
}
