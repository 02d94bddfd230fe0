package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuFormat;
import dev.gpuportal.quota.ClusterSharing;
import dev.gpuportal.quota.QuotaConsole;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.quota.QuotaUsage;
import dev.gpuportal.security.Authorities;
import dev.gpuportal.ui.base.UsageBar;
import jakarta.annotation.security.RolesAllowed;
import java.util.Map;
import java.util.TreeMap;

/** The admin quota console: every tenant's GPU usage against its quota, with the quota editor. */
@Route("admin/quotas")
@PageTitle("Quotas · GPU Portal")
@RolesAllowed(Authorities.ADMIN_ROLE)
public class QuotaConsoleView extends VerticalLayout implements BeforeEnterObserver {

    final Div tenantsBox = new Div();
    final Div sharingBox = new Div();
    final Span totals = new Span();
    /** Shown with more tenants than one page of cards. */
    final TextField search = new TextField();

    final Span shownCount = new Span();
    final Button more = new Button();
    private final QuotaService quotas;
    private final GpuCatalog catalog;
    private Map<String, ClusterSharing.TenantSharing> shares = Map.of();
    private int limit = QuotaConsole.PAGE;

    QuotaConsoleView(QuotaService quotas, GpuCatalog catalog) {
        this.quotas = quotas;
        this.catalog = catalog;
        addClassName("page");
        totals.addClassName("totals");
        sharingBox.addClassName("sharing");
        search.setPlaceholder("Find a tenant by name");
        search.setAriaLabel("Find a tenant by name");
        search.setClearButtonVisible(true);
        search.setWidth("min(24rem, 100%)");
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.addValueChangeListener(e -> {
            limit = QuotaConsole.PAGE;
            refresh();
        });
        shownCount.addClassName("hint");
        more.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        more.addClickListener(e -> {
            limit += QuotaConsole.PAGE;
            refresh();
        });
        add(new H2("Quotas"), totals, sharingBox, search, shownCount, tenantsBox, more);
    }

    /** Read at every visit, also when the admin lands here again from the menu or after signing in. */
    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        refresh();
    }

    /** Reads the page of cards asked for (what was typed, how many shown) with the totals and sharing. */
    void refresh() {
        QuotaConsole console = quotas.console(search.getValue(), limit);
        sharingBox.removeAll();
        Map<String, ClusterSharing.TenantSharing> byTenant = new TreeMap<>();
        for (ClusterSharing cluster : console.sharing()) {
            sharingBox.add(sharingSummary(cluster));
            cluster.tenants().forEach(t -> byTenant.putIfAbsent(t.tenant(), t));
        }
        shares = byTenant;
        totals.setText(
                console.activeTenants() + (console.activeTenants() == 1 ? " active tenant · " : " active tenants · ")
                        + GpuFormat.amount(console.used()) + " of " + GpuFormat.amount(console.quota()) + " in use");
        boolean paged = console.activeTenants() > QuotaConsole.PAGE;
        search.setVisible(paged);
        showCards(console, paged);
    }

    /** The cards of the tenants found, a page at a time. */
    private void showCards(QuotaConsole console, boolean paged) {
        tenantsBox.removeAll();
        if (console.activeTenants() == 0) {
            tenantsBox.add(new Paragraph("No tenants yet: create one under Tenants."));
        }
        console.shown().forEach(usage -> tenantsBox.add(card(usage)));
        shownCount.setVisible(paged);
        shownCount.setText(
                console.matching() == 0
                        ? "No tenant's name contains \"" + search.getValue().strip() + "\""
                        : "Showing " + console.shown().size() + " of " + console.matching()
                                + (search.getValue().isBlank() ? " tenants" : " tenants found"));
        more.setVisible(console.more());
        more.setText("Show " + console.nextPage() + " more");
    }

    private Div card(QuotaUsage usage) {
        String slug = usage.quota().tenantSlug();
        Button edit =
                new Button("Edit quota", e -> new QuotaDialog(quotas, catalog, usage.quota(), this::refresh).open());
        edit.addThemeVariants(ButtonVariant.LUMO_SMALL);
        edit.setId("edit-quota-" + slug);
        Button sharing = new Button(
                "Sharing limits", e -> new SharingDialog(quotas, quotas.sharingOf(slug), this::refresh).open());
        sharing.addThemeVariants(ButtonVariant.LUMO_SMALL);
        sharing.setId("edit-sharing-" + slug);
        Div card = new Div(new UsageBar(usage), edit, sharing);
        if (shares.containsKey(slug)) {
            card.add(tenantSharing(shares.get(slug)));
        }
        card.addClassName("card");
        return card;
    }

    /** One cluster: its allocation, the cohort's idle GPUs and waiting jobs, or why sharing is off there. */
    static Paragraph sharingSummary(ClusterSharing c) {
        Paragraph line = new Paragraph(
                c.active()
                        ? "Cluster " + c.cluster() + ": GPUs shared through Kueue · allocated "
                                + GpuFormat.amount(c.allocated())
                                + " of " + GpuFormat.amount(c.capacity()) + " (" + Math.round(c.allocation() * 100)
                                + "%) · "
                                + GpuFormat.amount(c.idle()) + " idle in the cohort · " + c.waiting() + " job"
                                + (c.waiting() == 1 ? "" : "s") + " waiting"
                        : "Cluster " + c.cluster() + ": GPU sharing is off. " + c.whyOff());
        line.addClassName(c.active() ? "sharing-on" : "sharing-off");
        return line;
    }

    static Span tenantSharing(ClusterSharing.TenantSharing t) {
        Span line = new Span("Guaranteed " + GpuFormat.amount(t.guaranteed()) + " · in use "
                + GpuFormat.amount(t.inUse()) + " · borrowed " + GpuFormat.amount(t.borrowed()) + " · lent "
                + GpuFormat.amount(t.lent()) + (t.waiting() > 0 ? " · " + t.waiting() + " waiting" : ""));
        line.addClassName("tenant-sharing");
        return line;
    }
}
