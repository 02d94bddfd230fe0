package dev.gpuportal.ui.workloads;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import dev.gpuportal.gpu.GpuFormat;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.ui.base.Notifications;
import dev.gpuportal.ui.base.UserTime;
import dev.gpuportal.workload.DesiredState;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadKind;
import dev.gpuportal.workload.WorkloadQuery;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A workload list that scales: rows are fetched a page at a time, sorted, filtered and searched in the database
 * through {@link WorkloadService#find}, the same query the REST API pages with. Rows carry their actions.
 */
class WorkloadList extends Div {

    static final String ANY = "";

    private static final String ACTIONS = """
            <span class="row-actions">
              <vaadin-button theme="tertiary-inline icon" ?hidden=${!item.canStop} aria-label="Stop ${item.name}"
                  title="Stop" @click=${stop}><vaadin-icon icon="vaadin:stop"></vaadin-icon></vaadin-button>
              <vaadin-button theme="tertiary-inline icon" ?hidden=${!item.canStart} aria-label="Start ${item.name}"
                  title="Start" @click=${start}><vaadin-icon icon="vaadin:play"></vaadin-icon></vaadin-button>
              <vaadin-button theme="tertiary-inline icon error" ?hidden=${!item.canDelete}
                  aria-label="Delete ${item.name}" title="Delete" @click=${remove}
                  ><vaadin-icon icon="vaadin:trash"></vaadin-icon></vaadin-button>
            </span>""";

    final Grid<WorkloadView> grid = new Grid<>();
    final TextField search = new TextField();
    final RadioButtonGroup<WorkloadQuery.Scope> scope = new RadioButtonGroup<>();
    final Select<String> tenant = new Select<>();
    final Select<String> kind = new Select<>();
    final Select<String> phase = new Select<>();
    final Select<String> profile = new Select<>();
    private final WorkloadService workloads;
    private final java.util.function.Function<List<WorkloadView>, java.util.Set<Long>> idleOf;
    /** Workloads of the pages fetched so far whose GPUs are idle: one metrics query per fetched page. */
    private final java.util.Set<Long> idle = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private WorkloadQuery query;

    /**
     * @param scopes the scopes offered (one alone shows no toggle)
     * @param tenants tenant filter choices; the column and filter show when there is more than one
     */
    WorkloadList(
            WorkloadService workloads,
            List<WorkloadQuery.Scope> scopes,
            WorkloadQuery.Scope initial,
            List<String> tenants,
            List<GpuProfile> profiles,
            java.util.function.Function<List<WorkloadView>, java.util.Set<Long>> idleOf) {
        this.workloads = workloads;
        this.idleOf = idleOf;
        this.query = WorkloadQuery.of(initial);
        addClassName("workload-list");

        search.setPlaceholder("Search name or owner");
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setAriaLabel("Search workloads"); // not "name": forms in dialogs have a Name field
        search.addValueChangeListener(e -> apply(query.withSearch(e.getValue())));

        scope.setItems(scopes);
        scope.setItemLabelGenerator(s -> switch (s) {
            case MINE -> "Mine";
            case MY_TEAMS -> "My team";
            case ALL_TENANTS -> "All tenants";
        });
        scope.setValue(initial);
        scope.setVisible(scopes.size() > 1);
        scope.setAriaLabel("Whose workloads");
        scope.addValueChangeListener(e -> apply(query.withScope(e.getValue())));

        filter(tenant, "Tenant", withAny(tenants), t -> t.isEmpty() ? "All tenants" : t);
        tenant.setVisible(tenants.size() > 1);
        tenant.addValueChangeListener(e -> apply(query.withTenant(e.getValue())));
        List<String> kinds = new ArrayList<>(List.of(ANY));
        for (WorkloadKind k : WorkloadKind.values()) {
            kinds.add(k.name());
        }
        filter(
                kind,
                "Kind",
                kinds,
                k -> k.isEmpty() ? "All kinds" : WorkloadKind.valueOf(k).label());
        kind.addValueChangeListener(
                e -> apply(query.withKind(e.getValue().isEmpty() ? null : WorkloadKind.valueOf(e.getValue()))));
        List<String> phases = new ArrayList<>(List.of(ANY));
        for (ObservedPhase p : ObservedPhase.values()) {
            phases.add(p.name());
        }
        filter(phase, "Phase", phases, p -> p.isEmpty() ? "All phases" : label(ObservedPhase.valueOf(p)));
        phase.addValueChangeListener(
                e -> apply(query.withPhase(e.getValue().isEmpty() ? null : ObservedPhase.valueOf(e.getValue()))));
        filter(
                profile,
                "GPU",
                withAny(profiles.stream().map(GpuProfile::getName).toList()),
                p -> p.isEmpty() ? "All GPUs" : p);
        profile.addValueChangeListener(e -> apply(query.withGpuProfile(e.getValue())));

        FlexLayout filters = new FlexLayout(search, scope, tenant, kind, phase, profile);
        filters.addClassName("workload-filters");
        filters.setFlexWrap(FlexLayout.FlexWrap.WRAP);

        // Cells are templates rendered in the browser, not server-side components per row: a page of 50 rows
        // costs a few properties each in the session instead of a dozen components.
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addColumn(LitRenderer.<WorkloadView>of("<a href=${item.href}>${item.name}</a>")
                        .withProperty("href", w -> "workloads/" + w.id())
                        .withProperty("name", WorkloadView::name))
                .setHeader("Name")
                .setSortProperty("name")
                .setKey("name")
                .setAutoWidth(true)
                .setFlexGrow(1)
                .setFrozen(true);
        grid.addColumn(LitRenderer.<WorkloadView>of(
                                "<span class=\"badge status ${item.badge}\" title=${item.status}>${item.status}</span>"
                                        + "<span class=\"badge status warning\" ?hidden=${!item.idle}"
                                        + " title=\"Its GPUs stayed under the idle threshold\">GPU idle</span>")
                        .withProperty("badge", WorkloadList::badgeClass)
                        .withProperty("idle", w -> idle.contains(w.id()))
                        .withProperty("status", WorkloadView::statusText))
                .setHeader("Status")
                .setSortProperty("phase")
                .setKey("status")
                .setWidth("14rem")
                .setFlexGrow(2);
        grid.addColumn(w -> w.kind().label())
                .setHeader("Kind")
                .setSortProperty("kind")
                .setKey("kind")
                .setAutoWidth(true);
        grid.addColumn(WorkloadView::tenant)
                .setHeader("Tenant")
                .setSortProperty("tenant")
                .setKey("tenant")
                .setAutoWidth(true)
                .setVisible(tenants.size() > 1);
        grid.addColumn(LitRenderer.<WorkloadView>of(
                                "<div class=\"gpu-cell\"><span>${item.cost}</span><span class=\"hint\">${item.units}</span></div>")
                        .withProperty("cost", w -> w.gpuProfile() == null ? "No GPU" : w.gpuCost())
                        .withProperty("units", w -> w.gpuProfile() == null ? "" : w.gpuSummary()))
                .setHeader(gpuHeader())
                .setKey("gpus")
                .setAutoWidth(true);
        grid.addColumn(WorkloadView::owner)
                .setHeader("Owner")
                .setSortProperty("owner")
                .setKey("owner")
                .setAutoWidth(true);
        grid.addColumn(w -> UserTime.shortDateTime(w.createdAt()))
                .setHeader("Created")
                .setSortProperty("created")
                .setKey("created")
                .setAutoWidth(true);
        grid.addColumn(LitRenderer.<WorkloadView>of(ACTIONS)
                        .withProperty("name", WorkloadView::name)
                        .withProperty(
                                "canStop",
                                w -> w.desired() == DesiredState.RUNNING && w.kind() != WorkloadKind.TRAINING_JOB)
                        .withProperty("canStart", w -> w.desired() == DesiredState.STOPPED)
                        .withProperty("canDelete", w -> w.desired() != DesiredState.DELETED)
                        .withFunction("stop", this::stop)
                        .withFunction("start", this::start)
                        .withFunction("remove", this::confirmDelete))
                .setHeader("Actions")
                .setKey("actions")
                .setAutoWidth(true)
                .setFlexGrow(0)
                .setFrozenToEnd(true)
                .setTextAlign(ColumnTextAlign.END);
        grid.setItems(q -> withIdleFlags(workloads.find(query, VaadinSpringDataHelpers.toSpringPageRequest(q))), q ->
                (int) Math.min(Integer.MAX_VALUE, workloads.count(query)));
        grid.setPageSize(50);
        grid.setEmptyStateText("No workloads match.");
        add(filters, grid);
    }

    private java.util.stream.Stream<WorkloadView> withIdleFlags(List<WorkloadView> page) {
        idle.addAll(idleOf.apply(page));
        return page.stream();
    }

    void setEmptyStateText(String text) {
        grid.setEmptyStateText(text);
    }

    /** Fetches again (the grid asks for what it shows; nothing else is loaded). */
    void refresh() {
        idle.clear();
        grid.getDataProvider().refreshAll();
    }

    private void apply(WorkloadQuery next) {
        query = next;
        refresh();
    }

    WorkloadQuery query() {
        return query;
    }

    void stop(WorkloadView w) {
        act(() -> workloads.stop(w.id()), "Stopping");
    }

    void start(WorkloadView w) {
        act(() -> workloads.start(w.id()), "Starting");
    }

    void confirmDelete(WorkloadView w) {
        ConfirmDialog confirm = new ConfirmDialog(
                "Delete " + w.name() + "?",
                "Its pods and volumes are removed. This cannot be undone.",
                "Delete",
                ok -> act(() -> workloads.delete(w.id()), "Deleting"));
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    private void act(Supplier<WorkloadView> action, String what) {
        WorkloadView[] done = new WorkloadView[1];
        if (Notifications.run(() -> done[0] = action.get(), Map.of())) {
            Notifications.success(what + " " + done[0].name());
            refresh();
        }
    }

    static String badgeClass(WorkloadView w) {
        if (w.desired() == DesiredState.DELETED) {
            return "badge-contrast";
        }
        return switch (w.phase()) {
            case RUNNING, SUCCEEDED -> "badge-success";
            case FAILED -> "badge-error";
            case PENDING, UNKNOWN -> "badge-progress";
            case STOPPED -> "badge-contrast";
        };
    }

    static String label(ObservedPhase phase) {
        return phase.name().charAt(0) + phase.name().substring(1).toLowerCase();
    }

    private static Component gpuHeader() {
        Span header = new Span("GPUs");
        header.getElement().setAttribute("title", GpuFormat.EQUIVALENT_HELP);
        return header;
    }

    private static <T> void filter(
            Select<T> select, String label, List<T> items, com.vaadin.flow.component.ItemLabelGenerator<T> labels) {
        select.setAriaLabel(label);
        select.setItems(items);
        select.setItemLabelGenerator(labels);
        select.setValue(items.getFirst());
        select.addClassName("workload-filter");
    }

    private static List<String> withAny(List<String> values) {
        List<String> all = new ArrayList<>(List.of(ANY));
        all.addAll(values);
        return all;
    }
}
