package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.gpuportal.security.Authorities;
import dev.gpuportal.tenancy.ClusterDirectory;
import dev.gpuportal.tenancy.ClusterSummary;
import dev.gpuportal.ui.base.PageRefresh;
import jakarta.annotation.security.RolesAllowed;

/** The registered clusters: reachable or not, Kubernetes version, regions, GPU capacity and allocatable. */
@Route("admin/clusters")
@PageTitle("Clusters · GPU Portal")
@RolesAllowed(Authorities.ADMIN_ROLE)
public class ClustersView extends VerticalLayout {

    final Grid<ClusterSummary> grid = new Grid<>();
    private final ClusterDirectory clusters;

    ClustersView(ClusterDirectory clusters) {
        this.clusters = clusters;
        addClassName("page");
        setSizeFull();
        grid.addComponentColumn(ClustersView::name).setHeader("Cluster").setAutoWidth(true);
        grid.addComponentColumn(ClustersView::reachability)
                .setHeader("API server")
                .setAutoWidth(true);
        grid.addColumn(ClusterSummary::version).setHeader("Version").setAutoWidth(true);
        grid.addColumn(c -> String.join(", ", c.regions())).setHeader("Regions").setAutoWidth(true);
        grid.addColumn(ClusterSummary::nodes).setHeader("Nodes").setAutoWidth(true);
        grid.addColumn(c -> c.virtual() ? "" : c.servesVirtualClusters() ? "yes (Kamaji)" : "no")
                .setHeader("Hosts dedicated tenants")
                .setAutoWidth(true);
        grid.addComponentColumn(ClustersView::gpus)
                .setHeader("GPUs (allocatable / capacity)")
                .setFlexGrow(1);
        grid.setAllRowsVisible(true);
        add(
                new H2("Clusters"),
                new Paragraph("Clusters come from the portal's configuration (gpu-portal.kubernetes.clusters) or from "
                        + "KUBECONFIG; dedicated tenants' virtual clusters are added when they are ready. Capacity is"
                        + " what the nodes advertise, kept current by a watch; node pools dedicated to a tenant count"
                        + " in its virtual cluster only."),
                grid);
        // filled when attached, after subscribing: see onAttach
    }

    void refresh() {
        grid.setItems(clusters.summaries());
    }

    private static Span name(ClusterSummary c) {
        Span name = new Span(c.name());
        if (c.demo()) {
            Span demo = new Span("demo: in-memory, schedules nothing");
            demo.addClassNames("badge", "badge-warning");
            return new Span(name, new Span(" "), demo);
        }
        if (c.virtual()) {
            Span tenant = new Span("virtual cluster of tenant " + c.tenant() + " on " + c.host());
            tenant.addClassNames("badge", "badge-contrast");
            return new Span(name, new Span(" "), tenant);
        }
        if (!c.dedicatedPools().isEmpty()) {
            Span pools = new Span("not counted here: "
                    + c.dedicatedPools().entrySet().stream()
                            .sorted(java.util.Map.Entry.comparingByKey())
                            .map(e -> "pool " + e.getKey() + " (dedicated to " + e.getValue() + ")")
                            .collect(java.util.stream.Collectors.joining(", ")));
            pools.addClassName("hint");
            return new Span(name, new Span(" "), pools);
        }
        return name;
    }

    private static com.vaadin.flow.component.html.Div gpus(ClusterSummary c) {
        var list = new com.vaadin.flow.component.html.Div();
        list.addClassName("gpu-capacity");
        c.gpus()
                .forEach((resource, capacity) -> list.add(new com.vaadin.flow.component.html.Div(
                        resource + ": " + capacity.allocatable() + " / " + capacity.capacity())));
        return list;
    }

    private static Span reachability(ClusterSummary c) {
        Span badge = new Span(c.reachable() ? "reachable" : "unreachable");
        badge.addClassNames("badge", c.reachable() ? "badge-success" : "badge-error");
        if (!c.reachable() && !c.lastError().isBlank()) {
            badge.getElement().setAttribute("title", c.lastError());
        }
        return badge;
    }

    private Runnable unsubscribe;

    @Override
    protected void onAttach(AttachEvent event) {
        var ui = event.getUI();
        PageRefresh refresh = new PageRefresh(ui, this::refresh);
        unsubscribe = clusters.subscribe(cluster -> refresh.changed());
        refresh(); // a change between the first read and the subscription sends no event to this page
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
        }
    }
}
