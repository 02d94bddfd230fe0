package dev.gpuportal.ui.workloads;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import dev.gpuportal.access.Connections;
import dev.gpuportal.access.EndpointKeys;
import dev.gpuportal.base.Durations;
import dev.gpuportal.base.Quantities;
import dev.gpuportal.gpu.GpuFormat;
import dev.gpuportal.ui.base.Breadcrumbs;
import dev.gpuportal.ui.base.Notifications;
import dev.gpuportal.ui.base.PageRefresh;
import dev.gpuportal.ui.base.UserTime;
import dev.gpuportal.workload.DesiredState;
import dev.gpuportal.workload.WorkloadDiagnostics;
import dev.gpuportal.workload.WorkloadEvents;
import dev.gpuportal.workload.WorkloadKind;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadSpec;
import dev.gpuportal.workload.WorkloadView;
import jakarta.annotation.security.PermitAll;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** One workload: live status, where to reach it, its events and logs, and stop / start / restart / delete. */
@Route("workloads/:id")
@PageTitle("Workload · GPU Portal")
@PermitAll
public class WorkloadDetailView extends VerticalLayout implements BeforeEnterObserver {

    final Breadcrumbs crumbs = new Breadcrumbs();
    final H2 title = new H2();
    final Span status = new Span();
    final Div facts = new Div();
    final Button stop = new Button("Stop");
    final Button start = new Button("Start");
    final Button restart = new Button("Restart");
    final Button delete = new Button("Delete");
    final Pre logs = new Pre();
    final Checkbox follow = new Checkbox("Follow");
    final Grid<WorkloadDiagnostics.EventLine> events = new Grid<>();
    final Div notice = new Div();
    final ConnectionPanel connection;
    final GpuUsagePanel gpuUse;
    private final WorkloadService workloads;
    private final WorkloadEvents workloadEvents;
    private long id;
    private String tenant;
    private Runnable unsubscribe;
    private Runnable stopFollowing;

    WorkloadDetailView(
            WorkloadService workloads,
            WorkloadEvents workloadEvents,
            Connections connections,
            EndpointKeys keys,
            dev.gpuportal.metrics.GpuUsageService gpuUsage,
            dev.gpuportal.metrics.MetricsTicks ticks) {
        this.connection = new ConnectionPanel(connections, keys);
        this.gpuUse = new GpuUsagePanel(gpuUsage, workloads, ticks, this::shown);
        this.workloads = workloads;
        this.workloadEvents = workloadEvents;
        addClassName("page");
        stop.addClickListener(e -> act(() -> workloads.stop(id), "Stopping"));
        start.addClickListener(e -> act(() -> workloads.start(id), "Starting"));
        restart.addClickListener(e -> act(() -> workloads.restart(id), "Restarting"));
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        delete.addClickListener(e -> {
            ConfirmDialog confirm = new ConfirmDialog(
                    "Delete " + title.getText() + "?",
                    "Its pods and volumes are removed. This cannot be undone.",
                    "Delete",
                    ok -> {
                        if (Notifications.run(() -> workloads.delete(id), Map.of())) {
                            Notifications.success("Deleting " + title.getText());
                            getUI().ifPresent(ui -> ui.navigate(MyWorkloadsView.class));
                        }
                    });
            confirm.setCancelable(true);
            confirm.setConfirmButtonTheme("error primary");
            confirm.open();
        });
        events.addThemeVariants(GridVariant.LUMO_COMPACT);
        events.addColumn(l -> UserTime.shortDateTime(l.at()))
                .setHeader("When (" + UserTime.zoneName() + ")")
                .setAutoWidth(true);
        events.addColumn(WorkloadDiagnostics.EventLine::type).setHeader("Type").setAutoWidth(true);
        events.addColumn(WorkloadDiagnostics.EventLine::object)
                .setHeader("Object")
                .setAutoWidth(true);
        events.addColumn(WorkloadDiagnostics.EventLine::reason)
                .setHeader("Reason")
                .setAutoWidth(true);
        events.addColumn(WorkloadDiagnostics.EventLine::message)
                .setHeader("Message")
                .setFlexGrow(1);
        events.setAllRowsVisible(true);
        events.setEmptyStateText("No events yet: Kubernetes reports events here when it schedules the pods, pulls the"
                + " image or starts the containers. Press Reload to look again.");
        notice.addClassNames("notice", "scheduling-notice");
        notice.getElement().setAttribute("role", "note");
        notice.setVisible(false);
        logs.addClassName("logs");
        Button reloadLogs = new Button("Reload", e -> logs.setText(workloads.logs(id, 500)));
        follow.addValueChangeListener(e -> followLogs(e.getValue()));
        Button reloadEvents = new Button("Reload", e -> events.setItems(workloads.events(id)));
        TabSheet tabs = new TabSheet();
        tabs.add("Logs", new VerticalLayout(new HorizontalLayout(reloadLogs, follow), logs));
        tabs.add("Events", new VerticalLayout(reloadEvents, events));
        tabs.setWidthFull();
        tabs.addSelectedChangeListener(e -> {
            if (e.getSelectedTab().getLabel().equals("Events")) {
                events.setItems(workloads.events(id));
            }
        });
        HorizontalLayout heading = new HorizontalLayout(title, status);
        heading.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        heading.addClassName("detail-heading");
        add(
                heading,
                notice,
                facts,
                new HorizontalLayout(stop, start, restart, delete),
                connection,
                gpuUse,
                new H3("Diagnostics"),
                tabs);
        addComponentAsFirst(crumbs);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        try {
            id = Long.parseLong(event.getRouteParameters().get("id").orElse(""));
        } catch (NumberFormatException e) {
            throw new org.springframework.security.access.AccessDeniedException("There is no such workload");
        }
        WorkloadView w = workloads.get(id); // AccessDeniedException → the "No access" page
        tenant = w.tenant();
        var where = workloads.schedulingNotice(tenant);
        notice.setText(where.orElse(""));
        notice.setVisible(where.isPresent());
        var request = com.vaadin.flow.server.VaadinServletRequest.getCurrent();
        if (request != null) {
            connection.setRequestBase(
                    org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromContextPath(
                                    request.getHttpServletRequest())
                            .toUriString());
        }
        render(w);
        gpuUse.show(w);
        logs.setText("Press Reload to read the last lines of its log, or Follow to stream it.");
    }

    void render(WorkloadView w) {
        title.setText(w.name());
        crumbs.clear()
                .link("My workloads", MyWorkloadsView.class)
                .link("Tenant " + w.tenant(), TenantOverviewView.class, new RouteParameters("slug", w.tenant()))
                .current(w.name());
        status.setText(w.statusText());
        status.setClassName("badge status " + WorkloadList.badgeClass(w));
        facts.removeAll();
        Span gpus = new Span(w.gpuProfile() == null ? "no GPU" : w.gpuSummary() + " = " + w.gpuCost());
        gpus.setTitle(GpuFormat.EQUIVALENT_HELP);
        facts.add(new Paragraph(
                new Span(w.kind().label() + " in tenant " + w.tenant() + " · owner " + w.owner() + " · "), gpus));
        facts.add(new Paragraph(describe(w.spec())));
        connection.show(w);
        stop.setVisible(w.kind() != WorkloadKind.TRAINING_JOB && w.desired() == DesiredState.RUNNING);
        start.setVisible(w.desired() == DesiredState.STOPPED);
        restart.setVisible(w.kind() != WorkloadKind.TRAINING_JOB && w.desired() == DesiredState.RUNNING);
    }

    /** After a change made from the GPU use panel (restarted on another profile). */
    private void shown(WorkloadView w) {
        render(w);
        gpuUse.show(w);
    }

    static String describe(WorkloadSpec spec) {
        String common = spec.image() + " · " + Quantities.cores(spec.cpuMillis()) + " · memory "
                + Quantities.humanBytes(spec.memoryBytes());
        return switch (spec) {
            case WorkloadSpec.Notebook n -> common + " · workspace " + Quantities.humanBytes(n.workspaceBytes());
            case WorkloadSpec.Training t ->
                common + " · " + t.workers() + " worker(s)"
                        + (t.fastInterconnect() ? " kept together on the fast interconnect" : "") + " · " + t.retries()
                        + " retries · "
                        + "runs at most " + Durations.readable(Duration.ofSeconds(t.maxRunSeconds()))
                        + " · checkpoints "
                        + Quantities.humanBytes(t.checkpointBytes())
                        + " at /checkpoints · command: " + String.join(" ", t.command()) + " "
                        + String.join(" ", t.args());
            case WorkloadSpec.Inference i ->
                common + " · port " + i.port() + " · " + i.minReplicas() + "–" + i.maxReplicas() + " replicas at "
                        + i.targetCpuPercent() + "% CPU · ready at " + i.readinessPath();
        };
    }

    private void act(Supplier<WorkloadView> action, String what) {
        WorkloadView[] result = new WorkloadView[1];
        if (Notifications.run(() -> result[0] = action.get(), Map.of())) {
            Notifications.success(what + " " + result[0].name());
            render(result[0]);
        }
    }

    private void followLogs(boolean on) {
        if (stopFollowing != null) {
            stopFollowing.run();
            stopFollowing = null;
        }
        if (on) {
            UI ui = UI.getCurrent();
            stopFollowing =
                    workloads.followLogs(id, line -> ui.access(() -> logs.setText(logs.getText() + "\n" + line)));
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        PageRefresh refresh = new PageRefresh(ui, this::showLatest);
        unsubscribe = workloadEvents.subscribe(slug -> {
            if (slug.equals(tenant)) {
                refresh.changed();
            }
        });
        // A change observed between beforeEnter's read and this subscription sends no event to this page.
        showLatest();
    }

    private void showLatest() {
        try {
            render(workloads.get(id));
        } catch (RuntimeException gone) {
            status.setText("Deleted");
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
        }
        followLogs(false);
    }
}
