package dev.gpuportal.ui.workloads;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.security.CurrentUser;
import dev.gpuportal.security.PortalUser;
import dev.gpuportal.tenancy.Tenant;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.ui.base.PageRefresh;
import dev.gpuportal.ui.base.UsageBar;
import dev.gpuportal.workload.WorkloadEvents;
import dev.gpuportal.workload.WorkloadKind;
import dev.gpuportal.workload.WorkloadQuery;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadSettings;
import dev.gpuportal.workload.WorkloadView;
import jakarta.annotation.security.PermitAll;
import java.util.List;
import java.util.Map;

/** A data scientist's start page: their workloads, live, and their tenants' quota and usage. */
@Route("")
@PageTitle("My workloads · GPU Portal")
@PermitAll
public class MyWorkloadsView extends VerticalLayout {

    Grid<WorkloadView> grid = new Grid<>();
    WorkloadList list;
    final Div usage = new Div();
    final Button notebook = new Button("Request a notebook");
    final Button training = new Button("Submit a training job");
    final Button inference = new Button("Deploy an inference endpoint");
    private final WorkloadService workloads;
    private final QuotaService quotas;
    private final WorkloadEvents events;
    private final List<String> tenantSlugs;
    private Runnable unsubscribe;

    MyWorkloadsView(
            TenantService tenants,
            QuotaService quotas,
            WorkloadService workloads,
            GpuCatalog catalog,
            WorkloadSettings settings,
            WorkloadEvents events,
            CurrentUser currentUser,
            dev.gpuportal.metrics.GpuUsageService gpuUsage) {
        this.workloads = workloads;
        this.quotas = quotas;
        this.events = events;
        addClassName("page");
        PortalUser user = currentUser.require();
        Map<Tenant, TenantRole> mine = tenants.myTenants();
        tenantSlugs = mine.keySet().stream().map(Tenant::getSlug).toList();
        add(new H2("My workloads"));
        if (mine.isEmpty()) {
            add(noTenant(user));
            return;
        }
        List<String> submittable = mine.entrySet().stream()
                .filter(e -> e.getValue().includes(TenantRole.MEMBER))
                .map(e -> e.getKey().getSlug())
                .toList();
        notebook.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        open(notebook, WorkloadKind.NOTEBOOK, submittable, catalog, settings.notebookImages());
        open(training, WorkloadKind.TRAINING_JOB, submittable, catalog, settings.trainingImages());
        open(inference, WorkloadKind.INFERENCE_ENDPOINT, submittable, catalog, settings.inferenceImages());
        HorizontalLayout actions = new HorizontalLayout(notebook, training, inference);
        actions.addClassName("request-actions");
        actions.setVisible(!submittable.isEmpty());
        tenantSlugs.stream()
                .map(workloads::schedulingNotice)
                .flatMap(java.util.Optional::stream)
                .distinct()
                .forEach(text -> add(notice(text)));

        // Members start with their own workloads; viewers, who submit none, with their team's.
        list = new WorkloadList(
                workloads,
                List.of(WorkloadQuery.Scope.MINE, WorkloadQuery.Scope.MY_TEAMS),
                submittable.isEmpty() ? WorkloadQuery.Scope.MY_TEAMS : WorkloadQuery.Scope.MINE,
                tenantSlugs,
                catalog.enabled(),
                page -> gpuUsage.idleFlags(page).idleSince().keySet());
        list.setEmptyStateText("No workloads here yet: request a notebook, a training job or an inference endpoint"
                + " above. What it costs is shown before you submit.");
        grid = list.grid;
        add(actions, list, new H3("My tenants"), usage);
        // filled when attached, after subscribing: see onAttach
    }

    static Div notice(String text) {
        Div notice = new Div(text);
        notice.addClassNames("notice", "scheduling-notice");
        notice.getElement().setAttribute("role", "note");
        return notice;
    }

    private void open(Button button, WorkloadKind kind, List<String> tenants, GpuCatalog catalog, List<String> images) {
        button.addClickListener(e -> new WorkloadRequestDialog(
                        kind, tenants, catalog.enabled(), images, workloads, id -> {
                            refresh();
                            getUI().ifPresent(ui ->
                                    ui.navigate(WorkloadDetailView.class, new RouteParameters("id", id.toString())));
                        })
                .open());
    }

    void refresh() {
        if (list != null) {
            list.refresh();
        }
        usage.removeAll();
        for (String slug : tenantSlugs) {
            Div card = new Div(new UsageBar(quotas.usageOf(slug)), new Anchor("tenants/" + slug, "Tenant details"));
            card.addClassName("card");
            usage.add(card);
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        if (tenantSlugs.isEmpty()) {
            return;
        }
        UI ui = event.getUI();
        PageRefresh refresh = new PageRefresh(ui, this::refresh);
        unsubscribe = events.subscribe(slug -> {
            if (tenantSlugs.contains(slug)) {
                refresh.changed();
            }
        });
        refresh(); // a change between the first read and the subscription sends no event to this page
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
        }
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
