package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import dev.gpuportal.gpu.GpuFormat;
import dev.gpuportal.metrics.FleetRow;
import dev.gpuportal.metrics.GpuUsageService;
import dev.gpuportal.metrics.MetricsStatus;
import dev.gpuportal.metrics.MetricsTicks;
import dev.gpuportal.metrics.MetricsUnavailableException;
import dev.gpuportal.metrics.Showback;
import dev.gpuportal.metrics.ShowbackService;
import dev.gpuportal.security.Authorities;
import dev.gpuportal.ui.base.UserTime;
import dev.gpuportal.ui.charts.ChartOptions;
import dev.gpuportal.ui.charts.EChart;
import jakarta.annotation.security.RolesAllowed;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * GPU use across the fleet for platform admins: idle-but-allocated workloads, showback (chart, table, CSV and JSON),
 * and capacity per cluster and product. The idle rule and the prices are set on {@link GpuMetricsSettingsView}.
 */
@Route("admin/gpu-use")
@PageTitle("GPU use · GPU Portal")
@RolesAllowed(Authorities.ADMIN_ROLE)
public class GpuMetricsView extends VerticalLayout {

    final TabSheet tabs = new TabSheet();
    final Paragraph idleMessage = new Paragraph();
    final Grid<GpuUsageService.IdleWorkload> idle = new Grid<>();
    final DatePicker from = new DatePicker("From");
    final DatePicker to = new DatePicker("To");
    final Checkbox showbackAsTable = new Checkbox("Show as table");
    final Paragraph showbackMessage = new Paragraph();
    final EChart showbackChart = new EChart();
    final Grid<Showback.Row> showback = new Grid<>();
    final Paragraph fleetMessage = new Paragraph();
    final Grid<FleetRow> fleet = new Grid<>();

    private final GpuUsageService usage;
    private final ShowbackService showbacks;
    private final MetricsTicks ticks;
    private Runnable unsubscribe;

    GpuMetricsView(GpuUsageService usage, ShowbackService showbacks, MetricsTicks ticks) {
        this.usage = usage;
        this.showbacks = showbacks;
        this.ticks = ticks;
        addClassName("page");
        tabs.setWidthFull();
        tabs.add("Idle GPUs", idleTab());
        tabs.add("Showback", showbackTab());
        tabs.add("Fleet", fleetTab());
        add(
                new H2("GPU use"),
                new com.vaadin.flow.router.RouterLink("Idle rule and prices", GpuMetricsSettingsView.class),
                tabs);
        refresh();
    }

    private VerticalLayout idleTab() {
        idle.addColumn(i -> i.workload().tenant()).setHeader("Tenant").setAutoWidth(true);
        idle.addColumn(i -> i.workload().name()).setHeader("Workload").setAutoWidth(true);
        idle.addColumn(i -> i.workload().owner()).setHeader("Owner").setAutoWidth(true);
        idle.addColumn(i -> i.workload().gpuCost()).setHeader("Holds").setAutoWidth(true);
        idle.addColumn(i -> UserTime.shortDateTime(i.idleSince())).setHeader("Idle since");
        idle.setEmptyStateText("No idle GPUs.");
        idle.setAllRowsVisible(true);
        return new VerticalLayout(idleMessage, idle);
    }

    private VerticalLayout showbackTab() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        from.setValue(today.minusDays(6));
        to.setValue(today);
        Button show = new Button("Show", e -> refreshShowback());
        show.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        showbackAsTable.addValueChangeListener(e -> refreshShowback());
        showback.addColumn(r -> r.day().toString()).setHeader("Day (UTC)").setAutoWidth(true);
        showback.addColumn(Showback.Row::tenant).setHeader("Tenant").setAutoWidth(true);
        showback.addColumn(Showback.Row::profile).setHeader("Profile").setAutoWidth(true);
        showback.addColumn(r -> GpuFormat.amount(r.allocatedHours()) + "-h").setHeader("Allocated");
        showback.addColumn(r -> GpuFormat.amount(r.usedHours()) + "-h").setHeader("Used");
        showback.addColumn(r -> r.cost().toPlainString()).setHeader("Cost");
        showback.setAllRowsVisible(true);
        Anchor csv = new Anchor(download("csv"), "Download CSV");
        Anchor json = new Anchor(download("json"), "Download JSON");
        return new VerticalLayout(
                new HorizontalLayout(from, to, show, showbackAsTable),
                showbackMessage,
                showbackChart,
                showback,
                new HorizontalLayout(csv, json));
    }

    private DownloadHandler download(String format) {
        return DownloadHandler.fromInputStream(request -> {
            ShowbackService.Report report = showbacks.showback(from.getValue(), to.getValue());
            String text = format.equals("csv") ? ShowbackService.csv(report) : ShowbackService.json(report);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return new DownloadResponse(
                    new ByteArrayInputStream(bytes),
                    "gpu-showback." + format,
                    format.equals("csv") ? "text/csv" : "application/json",
                    bytes.length);
        });
    }

    private VerticalLayout fleetTab() {
        fleet.addColumn(FleetRow::cluster).setHeader("Cluster").setAutoWidth(true);
        fleet.addColumn(r -> GpuFormat.model(r.gpuModel())).setHeader("Product").setAutoWidth(true);
        fleet.addColumn(r -> GpuFormat.amount(r.capacity())).setHeader("Capacity");
        fleet.addColumn(r -> GpuFormat.amount(r.allocated())).setHeader("Allocated");
        fleet.addColumn(r -> String.format(Locale.ROOT, "%.2f GPU", r.used())).setHeader("Used");
        fleet.addColumn(r -> GpuFormat.amount(r.idleAllocated())).setHeader("Idle but allocated");
        fleet.setAllRowsVisible(true);
        return new VerticalLayout(fleetMessage, fleet);
    }

    void refresh() {
        try {
            idle.setItems(usage.idleAcrossTenants());
            idleMessage.setVisible(false);
        } catch (MetricsUnavailableException e) {
            idle.setItems(List.of());
            idleMessage.setText(e.getMessage());
            idleMessage.setVisible(true);
        }
        ShowbackService.Fleet f = showbacks.fleet();
        fleet.setItems(f.rows());
        fleetMessage.setText(f.message());
        fleetMessage.setVisible(f.status() != MetricsStatus.OK);
        refreshShowback();
    }

    void refreshShowback() {
        ShowbackService.Report report;
        try {
            report = showbacks.showback(from.getValue(), to.getValue());
        } catch (dev.gpuportal.base.InvalidInputException e) {
            to.setErrorMessage(e.fieldErrors().getOrDefault("to", e.getMessage()));
            to.setInvalid(true);
            return;
        }
        to.setInvalid(false);
        showbackMessage.setText(report.message());
        showbackMessage.setVisible(report.status() != MetricsStatus.OK);
        showback.setItems(report.rows());
        TreeSet<String> days = new TreeSet<>();
        report.rows().forEach(r -> days.add(r.day().toString()));
        List<String> categories = new ArrayList<>(days);
        Map<String, List<Double>> byTenant = new TreeMap<>();
        for (Showback.Row r : report.rows()) {
            List<Double> values = byTenant.computeIfAbsent(
                    r.tenant(), t -> new ArrayList<>(java.util.Collections.nCopies(categories.size(), 0.0)));
            int i = categories.indexOf(r.day().toString());
            values.set(i, values.get(i) + r.allocatedHours().toDouble());
        }
        showbackChart.setOption(
                ChartOptions.stackedBars(categories, byTenant, "GPU-h"),
                "Allocated GPU-equivalent-hours per tenant and day");
        boolean chartShown = report.status() == MetricsStatus.OK && !showbackAsTable.getValue();
        showbackChart.setVisible(chartShown);
        showback.setVisible(report.status() == MetricsStatus.OK && showbackAsTable.getValue());
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
