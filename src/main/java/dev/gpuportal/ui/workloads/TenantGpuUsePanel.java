package dev.gpuportal.ui.workloads;

import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import dev.gpuportal.metrics.MetricsStatus;
import dev.gpuportal.metrics.ShowbackService;
import dev.gpuportal.metrics.TenantUsage;
import dev.gpuportal.metrics.UsageWindow;
import dev.gpuportal.ui.charts.ChartOptions;
import dev.gpuportal.ui.charts.EChart;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A tenant's GPU-equivalents allocated and used over time against its quota line, as a chart or a table. */
class TenantGpuUsePanel extends VerticalLayout {

    final Select<UsageWindow> window = new Select<>();
    final Checkbox asTable = new Checkbox("Show as table");
    final Paragraph message = new Paragraph();
    final EChart chart = new EChart();
    final Grid<TenantUsage.Point> table = new Grid<>();
    private final ShowbackService showback;
    private final String tenant;

    TenantGpuUsePanel(ShowbackService showback, String tenant) {
        this.showback = showback;
        this.tenant = tenant;
        setPadding(false);
        window.setLabel("Window");
        window.setItems(UsageWindow.values());
        window.setItemLabelGenerator(UsageWindow::label);
        window.setValue(UsageWindow.DAY);
        window.addValueChangeListener(e -> refresh());
        asTable.addValueChangeListener(e -> refresh());
        table.addColumn(p -> p.at().toString()).setHeader("Time (UTC)");
        table.addColumn(p -> String.format(Locale.ROOT, "%.2f GPU", p.allocatedGpus()))
                .setHeader("Allocated");
        table.addColumn(p -> String.format(Locale.ROOT, "%.2f GPU", p.usedGpus()))
                .setHeader("Used");
        table.setHeight("260px");
        add(new HorizontalLayout(window, asTable), message, chart, table);
        refresh();
    }

    void refresh() {
        TenantUsage u = showback.tenantUsage(tenant, window.getValue());
        boolean ok = u.status() == MetricsStatus.OK;
        message.setText(u.message());
        message.setVisible(!ok);
        List<Instant> at = u.points().stream().map(TenantUsage.Point::at).toList();
        Instant to = Instant.now();
        Instant from = to.minus(window.getValue().span());
        chart.setOption(
                ChartOptions.lines(
                        List.of(
                                new ChartOptions.Line(
                                        "Allocated",
                                        at,
                                        u.points().stream()
                                                .map(TenantUsage.Point::allocatedGpus)
                                                .toList(),
                                        0,
                                        false),
                                new ChartOptions.Line(
                                        "Used",
                                        at,
                                        u.points().stream()
                                                .map(TenantUsage.Point::usedGpus)
                                                .toList(),
                                        0,
                                        false),
                                ChartOptions.Line.limit("Quota", u.quotaGpus(), from, to)),
                        from,
                        to,
                        "GPU",
                        null),
                "GPU-equivalents allocated and used against the quota of " + u.quotaGpus());
        table.setItems(u.points());
        chart.setVisible(ok && !asTable.getValue());
        table.setVisible(ok && asTable.getValue());
    }
}
