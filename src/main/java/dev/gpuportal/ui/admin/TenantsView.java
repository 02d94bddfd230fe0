package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.gpuportal.base.ConflictException;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.onboarding.TenantSetupService;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.security.Authorities;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.Tenant;
import dev.gpuportal.tenancy.TenantProvisioning;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.tenantfiles.TenantFileSync;
import dev.gpuportal.ui.base.Notifications;
import dev.gpuportal.ui.base.PageRefresh;
import jakarta.annotation.security.RolesAllowed;
import java.util.Map;

/** Admin console: all tenants; create, edit, archive and restore them and manage their members. */
@Route("admin/tenants")
@PageTitle("Tenants · GPU Portal")
@RolesAllowed(Authorities.ADMIN_ROLE)
public class TenantsView extends VerticalLayout {

    final Grid<Tenant> grid = new Grid<>();
    final Button create = new Button("New tenant");
    private final TenantService tenants;
    private final MembershipService memberships;
    private final TenantProvisioning provisioning;
    private Runnable unsubscribe;

    final Div fileProblems = new Div();

    TenantsView(
            TenantService tenants,
            MembershipService memberships,
            QuotaService quotas,
            GpuCatalog catalog,
            TenantSetupService setups,
            TenantProvisioning provisioning,
            TenantFileSync files) {
        this.tenants = tenants;
        this.memberships = memberships;
        this.provisioning = provisioning;
        addClassName("page");
        setSizeFull();
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(
                e -> new TenantWizard(tenants, memberships, quotas, catalog, setups, this::refresh).open());
        HorizontalLayout top = new HorizontalLayout(new H2("Tenants"), create);
        top.setDefaultVerticalComponentAlignment(Alignment.BASELINE);

        // Long names and reasons wrap instead of being cut; the actions are icons with tooltips, so that every column
        // fits a 1440 px screen.
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addColumn(Tenant::getSlug)
                .setHeader("Slug")
                .setSortable(true)
                .setWidth("9rem")
                .setFlexGrow(1);
        grid.addColumn(Tenant::getDisplayName)
                .setHeader("Name")
                .setSortable(true)
                .setWidth("12rem")
                .setFlexGrow(3);
        grid.addComponentColumn(this::tierBadge)
                .setHeader("Tier")
                .setWidth("11rem")
                .setFlexGrow(1);
        grid.addColumn(t -> t.getAllowedRegions().isEmpty() ? "any" : String.join(", ", t.getAllowedRegions()))
                .setHeader("Regions")
                .setWidth("7rem")
                .setFlexGrow(1);
        grid.addComponentColumn(TenantsView::statusBadge)
                .setHeader("Status")
                .setWidth("10rem")
                .setFlexGrow(0);
        grid.addComponentColumn(this::provisioningBadges)
                .setHeader("On clusters")
                .setWidth("10rem")
                .setFlexGrow(2);
        grid.addComponentColumn(this::actions)
                .setHeader("Actions")
                .setKey("actions")
                .setWidth("8.5rem")
                .setFlexGrow(0)
                .setFrozenToEnd(true);
        grid.setSizeFull();
        fileProblems.addClassName("file-problems");
        for (TenantFileSync.FileProblem problem : files.problems()) {
            fileProblems.add(new Div("Not applied — " + problem));
        }
        fileProblems.setVisible(!files.problems().isEmpty());
        add(top, fileProblems, grid);
        // filled when attached, after subscribing: see onAttach
    }

    void refresh() {
        grid.setItems(tenants.visibleTenants());
    }

    /**
     * One badge per cluster: ready, in progress (with a spinner), failed or its cluster unreachable (reason on hover
     * and below).
     */
    private Div provisioningBadges(Tenant tenant) {
        Div badges = new Div();
        badges.addClassName("provisioning");
        for (TenantProvisioning.Status status : provisioning.statusOf(tenant.getSlug())) {
            Span badge =
                    new Span(status.cluster() + ": " + status.phase().name().toLowerCase());
            badge.addClassNames(
                    "badge",
                    switch (status.phase()) {
                        case READY -> "badge-success";
                        case FAILED, UNREACHABLE -> "badge-error";
                        case PROGRESSING, REMOVING -> "badge-progress";
                    });
            badge.getElement().setAttribute("title", status.message());
            badges.add(badge);
            if (status.phase() == TenantProvisioning.Phase.FAILED
                    || status.phase() == TenantProvisioning.Phase.UNREACHABLE) {
                Span reason = new Span(status.message());
                reason.addClassName("failure-reason");
                badges.add(reason);
            }
        }
        if (tenant.getClusters().isEmpty() && !tenant.isArchived()) {
            badges.add(new Span("not placed on a cluster"));
        }
        return badges;
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        PageRefresh refresh = new PageRefresh(ui, this::refresh);
        unsubscribe = provisioning.subscribe(slug -> refresh.changed());
        refresh(); // a change between the first read and the subscription sends no event to this page
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
        }
    }

    /** "shared", or "dedicated" with its control plane's state and version. */
    private Span tierBadge(Tenant t) {
        if (!t.isDedicated()) {
            return new Span("shared");
        }
        var controlPlane = provisioning.controlPlaneOf(t.getSlug());
        Span badge = new Span("dedicated · "
                + controlPlane
                        .map(c -> c.phase().label() + (c.version().isEmpty() ? "" : " " + c.version()))
                        .orElse(t.isArchived() ? "removed" : "waiting"));
        badge.addClassNames(
                "badge",
                controlPlane
                        .map(c -> switch (c.phase()) {
                            case READY -> "badge-success";
                            case FAILED -> "badge-error";
                            case PROVISIONING, UPGRADING, REMOVING -> "badge-progress";
                        })
                        .orElse("badge-contrast"));
        badge.setId("tier-" + t.getSlug());
        controlPlane.ifPresent(c -> badge.getElement().setAttribute("title", c.message()));
        return badge;
    }

    private static Span statusBadge(Tenant t) {
        Span badge = new Span(t.isArchived() ? "archived" : t.isManagedByFile() ? "active · from file" : "active");
        badge.addClassNames("badge", t.isArchived() ? "badge-contrast" : "badge-success");
        return badge;
    }

    private HorizontalLayout actions(Tenant tenant) {
        Button edit = iconButton(
                VaadinIcon.EDIT,
                "Edit " + tenant.getSlug(),
                e -> new TenantDialog(tenants, tenant, this::refresh).open());
        Button members = iconButton(
                VaadinIcon.USERS,
                "Members of " + tenant.getSlug(),
                e -> new MembersDialog(memberships, tenant.getSlug()).open());
        Button archive = tenant.isArchived()
                ? iconButton(VaadinIcon.ARROW_BACKWARD, "Restore " + tenant.getSlug(), e -> {
                    if (Notifications.run(() -> tenants.restore(tenant.getSlug()), Map.of())) {
                        Notifications.success("Tenant " + tenant.getSlug() + " restored");
                        refresh();
                    }
                })
                : iconButton(VaadinIcon.ARCHIVE, "Archive " + tenant.getSlug(), e -> confirmArchive(tenant));
        edit.setEnabled(!tenant.isManagedByFile() && !tenant.isArchived());
        if (tenant.isManagedByFile()) {
            edit.setTooltipText("Managed by a file in tenants/: change the file");
        }
        HorizontalLayout actions = new HorizontalLayout(edit, members, archive);
        actions.setSpacing(false);
        return actions;
    }

    /** A compact action: an icon with a tooltip, and the same words for screen readers. */
    private static Button iconButton(
            VaadinIcon icon,
            String label,
            com.vaadin.flow.component.ComponentEventListener<com.vaadin.flow.component.ClickEvent<Button>> onClick) {
        Button button = new Button(icon.create(), onClick);
        button.addThemeVariants(ButtonVariant.LUMO_ICON, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        button.setAriaLabel(label);
        button.setTooltipText(label);
        return button;
    }

    private void confirmArchive(Tenant tenant) {
        ConfirmDialog confirm = new ConfirmDialog(
                "Archive " + tenant.getSlug() + "?",
                "Its namespaces are removed from every cluster and its members can no longer start workloads. "
                        + "History and audit stay.",
                "Archive",
                e -> {
                    try {
                        tenants.archive(tenant.getSlug());
                        Notifications.success("Tenant " + tenant.getSlug() + " archived");
                        refresh();
                    } catch (ConflictException refused) {
                        confirmDeleteWorkloads(tenant, refused.getMessage());
                    } catch (RuntimeException other) {
                        Notifications.run(
                                () -> {
                                    throw other;
                                },
                                Map.of());
                    }
                });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    /** The tenant still runs workloads: say so, and offer to delete them with the tenant. */
    private void confirmDeleteWorkloads(Tenant tenant, String reason) {
        ConfirmDialog confirm = new ConfirmDialog(
                "Delete its workloads too?",
                reason + ". Archive anyway, deleting every workload of " + tenant.getSlug() + " and its volumes?",
                "Delete workloads and archive",
                e -> {
                    if (Notifications.run(() -> tenants.archive(tenant.getSlug(), true), Map.of())) {
                        Notifications.success(
                                "Tenant " + tenant.getSlug() + " archived; its workloads are being deleted");
                        refresh();
                    }
                });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }
}
