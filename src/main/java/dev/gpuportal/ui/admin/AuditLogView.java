package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import dev.gpuportal.audit.AuditAction;
import dev.gpuportal.audit.AuditChange;
import dev.gpuportal.audit.AuditChanges;
import dev.gpuportal.audit.AuditEvent;
import dev.gpuportal.audit.AuditFilter;
import dev.gpuportal.audit.AuditLog;
import dev.gpuportal.security.Authorities;
import dev.gpuportal.ui.base.UserTime;
import jakarta.annotation.security.RolesAllowed;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Who changed what, when, and from which value to which: filterable by person, tenant, action, object and date, and
 * downloadable as CSV with the same filter.
 */
@Route("admin/audit")
@PageTitle("Audit log · GPU Portal")
@RolesAllowed(Authorities.ADMIN_ROLE)
public class AuditLogView extends VerticalLayout {

    static final int LIMIT = 500;
    /** Changes shown in the grid's row; the rest are in the row's details. */
    private static final int CHANGES_IN_ROW = 3;

    final TextField actor = new TextField("Who");
    final TextField tenant = new TextField("Tenant");
    final Select<AuditAction> action = new Select<>();
    final Select<String> entityType = new Select<>();
    final TextField objectName = new TextField("Object name");
    final DatePicker from = new DatePicker("From");
    final DatePicker to = new DatePicker("To");
    final Grid<AuditEvent> grid = new Grid<>();
    final Anchor export;
    private final AuditLog audit;

    AuditLogView(AuditLog audit) {
        this.audit = audit;
        addClassName("page");
        setSizeFull();
        action.setLabel("Action");
        action.setItems(AuditAction.values());
        action.setEmptySelectionAllowed(true);
        action.setEmptySelectionCaption("any");
        action.setItemLabelGenerator(a -> a == null ? "any" : a.name().toLowerCase(Locale.ROOT));
        entityType.setLabel("Object");
        entityType.setItems("", "tenant", "membership", "quota", "gpu-profile", "workload", "kubeconfig");
        entityType.setItemLabelGenerator(t -> t.isEmpty() ? "any" : t);
        entityType.setValue("");
        objectName.setPlaceholder("part of its name");
        Button apply = new Button("Filter", e -> refresh());
        apply.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button reset = new Button("Reset", e -> reset());
        export = new Anchor(
                DownloadHandler.fromInputStream(request -> {
                    byte[] csv = audit.exportCsv(filter()).getBytes(StandardCharsets.UTF_8);
                    return new DownloadResponse(
                            new ByteArrayInputStream(csv), "gpu-portal-audit.csv", "text/csv", csv.length);
                }),
                "Export CSV");
        export.setId("audit-export");
        export.getElement().setAttribute("download", true);
        export.setTitle("The entries matching the filter (up to " + AuditLog.EXPORT_LIMIT + "), as CSV");
        HorizontalLayout filters =
                new HorizontalLayout(actor, tenant, action, entityType, objectName, from, to, apply, reset, export);
        filters.addClassName("audit-filters");
        filters.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        grid.addColumn(e -> UserTime.dateTime(e.getOccurredAt()))
                .setHeader("When (" + UserTime.zoneName() + ")")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(AuditEvent::getActor).setHeader("Who").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(e -> e.getAction().toLowerCase(Locale.ROOT))
                .setHeader("Did")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(e -> e.getEntityType() + " " + e.getEntityKey())
                .setHeader("What")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(e -> e.getTenantSlug() == null ? "" : e.getTenantSlug())
                .setHeader("Tenant")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(new ComponentRenderer<>(AuditLogView::summary))
                .setHeader("Changes (old → new)")
                .setWidth("22rem")
                .setFlexGrow(1);
        grid.setItemDetailsRenderer(new ComponentRenderer<>(AuditLogView::changeTable));
        grid.setSizeFull();
        add(new H2("Audit log"), filters, grid);
        refresh();
    }

    AuditFilter filter() {
        return new AuditFilter(
                actor.getValue(),
                tenant.getValue(),
                entityType.getValue(),
                action.getValue(),
                objectName.getValue(),
                from.getValue() == null ? null : UserTime.startOf(from.getValue()),
                to.getValue() == null ? null : UserTime.startOf(to.getValue().plusDays(1)));
    }

    void refresh() {
        grid.setItems(audit.list(filter(), LIMIT));
    }

    private void reset() {
        actor.clear();
        tenant.clear();
        action.clear();
        entityType.setValue("");
        objectName.clear();
        from.clear();
        to.clear();
        refresh();
    }

    /** The first few changes in one line; a click on the row shows them all. */
    static Span summary(AuditEvent event) {
        List<AuditChange> changes = AuditChanges.of(event);
        String text = AuditChanges.summary(changes.subList(0, Math.min(CHANGES_IN_ROW, changes.size())));
        if (changes.size() > CHANGES_IN_ROW) {
            text += "; … " + (changes.size() - CHANGES_IN_ROW) + " more";
        }
        Span summary = new Span(changes.isEmpty() ? "no field changed" : text);
        summary.addClassName("audit-summary");
        return summary;
    }

    /** Every changed field: name, old value (struck through), arrow, new value. */
    static Div changeTable(AuditEvent event) {
        Div table = new Div();
        table.addClassName("audit-change");
        for (AuditChange change : AuditChanges.of(event)) {
            table.add(
                    cell(change.field(), "field"),
                    cell(change.before() == null ? "—" : change.before(), change.before() == null ? "" : "old"),
                    cell("→", "arrow"),
                    cell(change.after() == null ? "—" : change.after(), change.after() == null ? "" : "new"));
        }
        return table;
    }

    private static Span cell(String text, String className) {
        Span cell = new Span(text);
        if (!className.isEmpty()) {
            cell.addClassName(className);
        }
        return cell;
    }
}
