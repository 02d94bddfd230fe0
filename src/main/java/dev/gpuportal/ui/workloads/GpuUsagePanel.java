package dev.gpuportal.ui.workloads;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import dev.gpuportal.metrics.GpuUsageService;
import dev.gpuportal.metrics.MetricsStatus;
import dev.gpuportal.metrics.MetricsTicks;
import dev.gpuportal.metrics.RightSizing;
import dev.gpuportal.metrics.UsageWindow;
import dev.gpuportal.metrics.WorkloadUsage;
import dev.gpuportal.ui.base.Notifications;
import dev.gpuportal.ui.charts.ChartOptions;
import dev.gpuportal.ui.charts.EChart;
import dev.gpuportal.workload.WorkloadKind;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadView;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A workload's GPU use: utilisation and memory over the last hour, day or week as a chart (or a table), peak and
 * average, the idle badge, and the right-size suggestion with its one action. Refreshed by {@link MetricsTicks}.
 */
class GpuUsagePanel extends VerticalLayout {

    final Select<UsageWindow> window = new Select<>();
    final Checkbox asTable = new Checkbox("Show as table");
    final Paragraph message = new Paragraph();
    final Span summary = new Span();
    final Span idleBadge = new Span("GPU idle");
    final EChart chart = new EChart();
    final Grid<WorkloadUsage.Point> table = new Grid<>();
    final Paragraph suggestionText = new Paragraph();
    final Button applySuggestion = new Button();

    private final GpuUsageService usage;
    private final WorkloadService workloads;
    private final MetricsTicks ticks;
    private final Consumer<WorkloadView> afterChange;
    private WorkloadView workload;
    private RightSizing.Suggestion suggestion;
    private Runnable unsubscribe;

    GpuUsagePanel(
            GpuUsageService usage, WorkloadService workloads, MetricsTicks ticks, Consumer<WorkloadView> afterChange) {
        this.usage = usage;
        this.workloads = workloads;
        this.ticks = ticks;
        this.afterChange = afterChange;
        setPadding(false);
        window.setLabel("Window");
        window.setItems(UsageWindow.values());
        window.setItemLabelGenerator(UsageWindow::label);
        window.setValue(UsageWindow.HOUR);
        window.addValueChangeListener(e -> refresh());
        asTable.addValueChangeListener(e -> showTableOrChart());
        idleBadge.setClassName("badge status warning");
        idleBadge.setVisible(false);
        table.addColumn(p -> p.at().toString()).setHeader("Time (UTC)");
        table.addColumn(p -> String.format(Locale.ROOT, "%.1f %%", p.computePercent()))
                .setHeader("GPU compute");
        table.addColumn(p -> String.format(Locale.ROOT, "%.2f GB", p.memoryBytes() / 1e9))
                .setHeader("GPU memory");
        table.setAllRowsVisible(false);
        table.setHeight("260px");
        applySuggestion.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        applySuggestion.addClickListener(e -> apply());
        add(
                new H3("GPU use"),
                new HorizontalLayout(window, asTable, idleBadge),
                message,
                summary,
                chart,
                table,
                suggestionText,
                applySuggestion);
    }

    void show(WorkloadView w) {
        this.workload = w;
        setVisible(w.gpuProfile() != null);
        if (w.gpuProfile() != null) {
            refresh();
        }
    }

    void refresh() {
        if (workload == null || workload.gpuProfile() == null) {
            return;
        }
        WorkloadUsage u = usage.usage(workload.id(), window.getValue());
        boolean ok = u.status() == MetricsStatus.OK;
        message.setText(u.message());
        message.setVisible(!ok);
        summary.setVisible(ok);
        summary.setText(
                ok
                        ? String.format(
                                Locale.ROOT,
                                "Compute peak %.0f %%, average %.0f %% · memory peak %.1f GB",
                                u.peakComputePercent(),
                                u.averageComputePercent(),
                                u.peakMemoryBytes() / 1e9)
                        : "");
        List<Instant> at = u.points().stream().map(WorkloadUsage.Point::at).toList();
        Instant to = Instant.now();
        chart.setOption(
                ChartOptions.lines(
                        List.of(
                                new ChartOptions.Line(
                                        "GPU compute (%)",
                                        at,
                                        u.points().stream()
                                                .map(WorkloadUsage.Point::computePercent)
                                                .toList(),
                                        0,
                                        false),
                                new ChartOptions.Line(
                                        "GPU memory (GB)",
                                        at,
                                        u.points().stream()
                                                .map(p -> p.memoryBytes() / 1e9)
                                                .toList(),
                                        1,
                                        false)),
                        to.minus(window.getValue().span()),
                        to,
                        "%",
                        "GB"),
                "GPU compute and memory, " + window.getValue().label().toLowerCase(Locale.ROOT) + ": "
                        + summary.getText());
        table.setItems(u.points());
        showTableOrChart();
        chart.setVisible(ok && !asTable.getValue());
        suggestion = u.suggestion().orElse(null);
        suggestionText.setText(suggestion == null ? "" : suggestion.text());
        suggestionText.setVisible(suggestion != null);
        applySuggestion.setVisible(suggestion != null);
        if (suggestion != null) {
            // a training job's new run starts again and can resume from its checkpoint volume, which stays
            applySuggestion.setText("Restart on " + suggestion.profileLabel()
                    + (workload.kind() == WorkloadKind.TRAINING_JOB ? " (from its checkpoints)" : ""));
        }
        GpuUsageService.IdleFlags idle = usage.idleFlags(List.of(workload));
        idleBadge.setVisible(idle.idle(workload.id()));
    }

    private void showTableOrChart() {
        table.setVisible(asTable.getValue());
        chart.setVisible(!asTable.getValue() && summary.isVisible());
    }

    private void apply() {
        if (suggestion == null) {
            return;
        }
        WorkloadView[] changed = new WorkloadView[1];
        if (Notifications.run(
                () -> changed[0] = workloads.restartOn(workload.id(), suggestion.profile(), suggestion.units()),
                Map.of())) {
            Notifications.success("Restarting " + changed[0].name() + " on " + suggestion.profileLabel());
            afterChange.accept(changed[0]);
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        unsubscribe = ticks.subscribe(dev.gpuportal.ui.base.AsPageUser.pushing(ui, this::refresh));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
        }
    }
}
