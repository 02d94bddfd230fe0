package dev.gpuportal.ui.workloads;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.MembershipView;
import dev.gpuportal.tenancy.Tenant;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.ui.base.UsageBar;
import jakarta.annotation.security.PermitAll;

/** One tenant as its members see it: description, quota and usage, members. Non-members get "no access". */
@Route("tenants/:slug")
@PageTitle("Tenant · GPU Portal")
@PermitAll
public class TenantOverviewView extends VerticalLayout implements BeforeEnterObserver {

    private final TenantService tenants;
    private final QuotaService quotas;
    private final MembershipService memberships;

    TenantOverviewView(TenantService tenants, QuotaService quotas, MembershipService memberships) {
        this.tenants = tenants;
        this.quotas = quotas;
        this.memberships = memberships;
        addClassName("page");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String slug = event.getRouteParameters().get("slug").orElse("");
        Tenant tenant = tenants.get(slug); // AccessDeniedException → the "No access" page
        removeAll();
        add(new H2(tenant.getDisplayName()));
        if (tenant.getDescription() != null && !tenant.getDescription().isBlank()) {
            add(new Paragraph(tenant.getDescription()));
        }
        add(new Paragraph("Slug " + tenant.getSlug() + " · "
                + tenant.getIsolationTier().name().toLowerCase()
                + " tier · regions "
                + (tenant.getAllowedRegions().isEmpty() ? "any" : String.join(", ", tenant.getAllowedRegions()))));
        Div card = new Div(new UsageBar(quotas.usageOf(slug)));
        card.addClassName("card");
        add(new H3("Quota and usage"), card, new H3("Members"));
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
}
