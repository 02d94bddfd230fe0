package dev.gpuportal.ui.workloads;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.security.CurrentUser;
import dev.gpuportal.security.PortalUser;
import dev.gpuportal.tenancy.Tenant;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.ui.base.Notifications;
import dev.gpuportal.ui.base.UsageBar;
import jakarta.annotation.security.PermitAll;
import java.util.Map;

/** A data scientist's start page: their workloads and their tenants' quota and usage. */
@Route("")
@PageTitle("My workloads · GPU Portal")
@PermitAll
public class MyWorkloadsView extends VerticalLayout {

    MyWorkloadsView(TenantService tenants, QuotaService quotas, CurrentUser currentUser) {
        addClassName("page");
        PortalUser user = currentUser.require();
        add(new H2("My workloads"));
        Map<Tenant, TenantRole> mine = tenants.myTenants();
        if (mine.isEmpty()) {
            add(noTenant(user));
            return;
        }
        Div empty = new Div();
        empty.addClassName("empty-state");
        Button notebook = new Button("Request a notebook");
        notebook.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button training = new Button("Submit a training job");
        Button inference = new Button("Deploy an inference endpoint");
        for (Button b : new Button[] {notebook, training, inference}) {
            b.addClickListener(e -> Notifications.error(
                    "Workload requests open with the next release of the portal; your quota below is ready for them."));
        }
        empty.add(
                new H3("No workloads yet"),
                new Paragraph("Ask for a Jupyter notebook, a training job or an inference endpoint on a whole GPU or "
                        + "a slice of one. What it costs is shown before you submit."),
                new HorizontalLayout(notebook, training, inference));
        add(empty, new H3("My tenants"));
        mine.forEach((tenant, role) -> {
            Div card = new Div(new UsageBar(quotas.usageOf(tenant.getSlug())));
            card.addClassName("card");
            Anchor details = new Anchor("tenants/" + tenant.getSlug(), "Your role: " + role.label() + " · details");
            card.add(details);
            add(card);
        });
    }

    private static Div noTenant(PortalUser user) {
        Div box = new Div();
        box.addClassNames("empty-state", "no-tenant");
        box.add(
                new H3("You are not in a tenant yet"),
                new Paragraph("Workloads run in a tenant (a team's share of the GPUs). Ask your platform admin to add "
                        + "you, or one of your groups, to your team's tenant."),
                new Paragraph(
                        user.groups().isEmpty()
                                ? "Your account is in no group."
                                : "Your groups: " + String.join(", ", user.groups())));
        return box;
    }
}
