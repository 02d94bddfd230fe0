package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuFormat;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.quota.QuotaUsage;
import dev.gpuportal.security.Authorities;
import dev.gpuportal.ui.base.UsageBar;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;

/** The admin quota console: every tenant's GPU usage against its quota, with the quota editor. */
@Route("admin/quotas")
@PageTitle("Quotas · GPU Portal")
@RolesAllowed(Authorities.ADMIN_ROLE)
public class QuotaConsoleView extends VerticalLayout implements BeforeEnterObserver {

    final Div tenantsBox = new Div();
    final Span totals = new Span();
    private final QuotaService quotas;
    private final GpuCatalog catalog;

    QuotaConsoleView(QuotaService quotas, GpuCatalog catalog) {
        this.quotas = quotas;
        this.catalog = catalog;
        addClassName("page");
        totals.addClassName("totals");
        add(new H2("Quotas"), totals, tenantsBox);
    }

    /** Read at every visit, also when the admin lands here again from the menu or after signing in. */
    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        refresh();
    }

    void refresh() {
        tenantsBox.removeAll();
        List<QuotaUsage> usages = quotas.usageOfVisibleTenants();
        GpuAmount quota = usages.stream().map(u -> u.quota().limits().gpus()).reduce(GpuAmount.ZERO, GpuAmount::plus);
        GpuAmount used = usages.stream().map(QuotaUsage::gpusUsed).reduce(GpuAmount.ZERO, GpuAmount::plus);
        totals.setText(usages.size() + " active tenants · " + GpuFormat.amount(used) + " of " + GpuFormat.amount(quota)
                + " in use");
        if (usages.isEmpty()) {
            tenantsBox.add(new Paragraph("No tenants yet: create one under Tenants."));
        }
        for (QuotaUsage usage : usages) {
            Button edit = new Button(
                    "Edit quota", e -> new QuotaDialog(quotas, catalog, usage.quota(), this::refresh).open());
            edit.addThemeVariants(ButtonVariant.LUMO_SMALL);
            edit.setId("edit-quota-" + usage.quota().tenantSlug());
            Div card = new Div(new UsageBar(usage), edit);
            card.addClassName("card");
            tenantsBox.add(card);
        }
    }
}
