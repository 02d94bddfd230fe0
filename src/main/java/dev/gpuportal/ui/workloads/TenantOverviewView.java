package dev.gpuportal.ui.workloads;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import dev.gpuportal.base.ConflictException;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.MembershipView;
import dev.gpuportal.tenancy.Tenant;
import dev.gpuportal.tenancy.TenantKubeconfigs;
import dev.gpuportal.tenancy.TenantProvisioning;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.ui.base.Breadcrumbs;
import dev.gpuportal.ui.base.UsageBar;
import jakarta.annotation.security.PermitAll;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** One tenant as its members see it: description, quota and usage, members. Non-members get "no access". */
@Route("tenants/:slug")
@PageTitle("Tenant · GPU Portal")
@PermitAll
public class TenantOverviewView extends VerticalLayout implements BeforeEnterObserver {

    private final TenantService tenants;
    private final QuotaService quotas;
    private final MembershipService memberships;
    private final TenantProvisioning provisioning;
    private final TenantKubeconfigs kubeconfigs;
    private final dev.gpuportal.metrics.ShowbackService showback;
    private final Div ownCluster = new Div();
    private Tenant shown;
    private Runnable unsubscribe;

    TenantOverviewView(
            TenantService tenants,
            QuotaService quotas,
            MembershipService memberships,
            TenantProvisioning provisioning,
            TenantKubeconfigs kubeconfigs,
            dev.gpuportal.metrics.ShowbackService showback) {
        this.showback = showback;
        this.tenants = tenants;
        this.quotas = quotas;
        this.memberships = memberships;
        this.provisioning = provisioning;
        this.kubeconfigs = kubeconfigs;
        addClassName("page");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String slug = event.getRouteParameters().get("slug").orElse("");
        Tenant tenant = tenants.get(slug); // AccessDeniedException → the "No access" page
        removeAll();
        add(new Breadcrumbs().link("My workloads", MyWorkloadsView.class).current(tenant.getDisplayName()));
        add(new H2(tenant.getDisplayName()));
        if (tenant.getDescription() != null && !tenant.getDescription().isBlank()) {
            add(new Paragraph(tenant.getDescription()));
        }
        add(new Paragraph("Slug " + tenant.getSlug() + " · "
                + tenant.getIsolationTier().name().toLowerCase()
                + " tier · regions "
                + (tenant.getAllowedRegions().isEmpty() ? "any" : String.join(", ", tenant.getAllowedRegions()))));
        shown = tenant;
        if (tenant.isDedicated()) {
            ownCluster.addClassName("card");
            ownCluster.setId("own-cluster");
            showOwnCluster();
            add(new H3("Your own cluster"), ownCluster);
        }
        Div card = new Div(new UsageBar(quotas.usageOf(slug)));
        card.addClassName("card");
        add(
                new H3("Quota and usage"),
                card,
                new H3("GPUs allocated and used"),
                new TenantGpuUsePanel(showback, slug),
                new H3("Members"));
        Grid<MembershipView> members = new Grid<>();
        members.addThemeVariants(GridVariant.LUMO_COMPACT);
        members.addColumn(m -> m.subjectType().name().toLowerCase())
                .setHeader("Type")
                .setAutoWidth(true);
        members.addColumn(MembershipView::subject).setHeader("User or group");
        members.addColumn(m -> m.role().label()).setHeader("Role");
        members.setItems(memberships.members(slug));
        members.setAllRowsVisible(true);
        add(members);
    }

    /** A dedicated tenant's virtual cluster: its state, and a single-sign-on kubeconfig once it is ready. */
    private void showOwnCluster() {
        Tenant tenant = shown;
        Div box = ownCluster;
        box.removeAll();
        var controlPlane = provisioning.controlPlaneOf(tenant.getSlug());
        Span state = new Span(controlPlane
                .map(c -> c.phase().label() + (c.version().isEmpty() ? "" : " · Kubernetes " + c.version()))
                .orElse("Provisioning"));
        state.getElement()
                .getThemeList()
                .add("badge"
                        + controlPlane
                                .map(c -> switch (c.phase()) {
                                    case READY -> " success";
                                    case FAILED -> " error";
                                    case PROVISIONING, UPGRADING, REMOVING -> "";
                                })
                                .orElse(""));
        box.add(new Paragraph(
                new Span("Dedicated tier: a Kubernetes cluster of its own, with its own API server. "), state));
        controlPlane.ifPresent(c -> box.add(new Paragraph(c.message())));
        boolean ready = controlPlane.map(c -> c.phase().serving()).orElse(false);
        if (ready) {
            Anchor download = new Anchor(
                    DownloadHandler.fromInputStream(request -> {
                        try {
                            byte[] yaml =
                                    kubeconfigs.kubeconfigFor(tenant.getSlug()).getBytes(StandardCharsets.UTF_8);
                            return new DownloadResponse(
                                    new ByteArrayInputStream(yaml),
                                    "gpu-portal-" + tenant.getSlug() + ".kubeconfig",
                                    "application/yaml",
                                    yaml.length);
                        } catch (ConflictException e) {
                            return DownloadResponse.error(409, e.getMessage());
                        }
                    }),
                    "Download kubeconfig");
            download.setId("download-kubeconfig");
            download.getElement().setAttribute("download", true);
            box.add(new Paragraph(
                    download,
                    new Span(
                            " — signs you in with single sign-on (kubectl oidc-login); it holds no password or key.")));
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        // The control plane's state changes while the page is open (e.g. Provisioning → Ready): show it live.
        unsubscribe = provisioning.subscribe(changed -> {
            if (shown != null && shown.isDedicated() && changed.equals(shown.getSlug())) {
                ui.access(this::showOwnCluster);
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
        }
    }
}
