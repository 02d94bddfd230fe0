package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuFormat;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.security.Authorities;
import jakarta.annotation.security.RolesAllowed;

/** The GPU profile catalog: what can be requested and what each costs in GPU-equivalents. */
@Route("admin/gpu-profiles")
@PageTitle("GPU profiles · GPU Portal")
@RolesAllowed(Authorities.ADMIN_ROLE)
public class GpuProfilesView extends VerticalLayout {

    final Grid<GpuProfile> grid = new Grid<>();
    final Button create = new Button("New profile");
    private final GpuCatalog catalog;

    GpuProfilesView(GpuCatalog catalog) {
        this.catalog = catalog;
        addClassName("page");
        setSizeFull();
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(e -> new GpuProfileDialog(catalog, null, this::refresh).open());
        HorizontalLayout top = new HorizontalLayout(new H2("GPU profiles"), create);
        top.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        grid.addColumn(GpuProfile::getName).setHeader("Name").setAutoWidth(true);
        grid.addColumn(GpuProfile::getDisplayName).setHeader("Description").setFlexGrow(1);
        grid.addColumn(p -> p.getKind().label()).setHeader("Kind").setAutoWidth(true);
        grid.addColumn(GpuProfile::getResourceName)
                .setHeader("Kubernetes resource")
                .setAutoWidth(true);
        grid.addColumn(GpuProfile::getGpuModel)
                .setHeader("GPU model (node label)")
                .setAutoWidth(true);
        grid.addColumn(p -> GpuFormat.of(p, 1)).setHeader("GPU-eq.").setAutoWidth(true);
        grid.addColumn(p -> p.isEnabled() ? "yes" : "no").setHeader("Offered").setAutoWidth(true);
        grid.addComponentColumn(p -> {
                    Button edit = new Button("Edit", e -> new GpuProfileDialog(catalog, p, this::refresh).open());
                    edit.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                    return edit;
                })
                .setAutoWidth(true);
        grid.setSizeFull();
        add(top, grid);
        refresh();
    }

    void refresh() {
        grid.setItems(catalog.all());
    }
}
