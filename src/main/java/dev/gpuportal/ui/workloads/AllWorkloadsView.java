package dev.gpuportal.ui.workloads;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.security.Authorities;
import dev.gpuportal.tenancy.Tenant;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.ui.base.PageRefresh;
import dev.gpuportal.workload.WorkloadEvents;
import dev.gpuportal.workload.WorkloadQuery;
import dev.gpuportal.workload.WorkloadService;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;

/** Every tenant's workloads for platform admins: one lazy list, searched and sorted in the database. */
@Route("admin/workloads")
@PageTitle("All workloads · GPU Portal")
@RolesAllowed(Authorities.ADMIN_ROLE)
public class AllWorkloadsView extends VerticalLayout {

    final WorkloadList list;
    private final WorkloadEvents events;
    private Runnable unsubscribe;

    AllWorkloadsView(
            WorkloadService workloads,
            TenantService tenants,
            GpuCatalog catalog,
            WorkloadEvents events,
            dev.gpuportal.metrics.GpuUsageService gpuUsage) {
        this.events = events;
        addClassName("page");
        List<String> slugs =
                tenants.visibleTenants().stream().map(Tenant::getSlug).toList();
        list = new WorkloadList(
                workloads,
                List.of(WorkloadQuery.Scope.ALL_TENANTS),
                WorkloadQuery.Scope.ALL_TENANTS,
                slugs.size() > 1 ? slugs : List.of(),
                catalog.enabled(),
                page -> gpuUsage.idleFlags(page).idleSince().keySet());
        list.grid.getColumnByKey("tenant").setVisible(true);
        list.tenant.setVisible(slugs.size() > 1);
        list.setEmptyStateText("No workloads in any tenant match.");
        add(
                new H2("All workloads"),
                new Paragraph("Every tenant's notebooks, training jobs and inference endpoints. Stop, start or delete"
                        + " one from its row; open it for its events and logs."),
                list);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        PageRefresh refresh = new PageRefresh(ui, list::refresh);
        unsubscribe = events.subscribe(slug -> refresh.changed());
        list.refresh(); // a change between the first read and the subscription sends no event to this page
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
        }
    }
}
