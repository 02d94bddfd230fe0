package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.gpuportal.audit.AuditEvent;
import dev.gpuportal.audit.AuditFilter;
import dev.gpuportal.audit.AuditLog;
import dev.gpuportal.security.Authorities;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Who changed what, when: filterable by person, tenant, kind of object and date. */
@Route("admin/audit")
@PageTitle("Audit log · GPU Portal")
@RolesAllowed(Authorities.ADMIN_ROLE)
public class AuditLogView extends VerticalLayout {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    static final int LIMIT = 500;

    final TextField actor = new TextField("Who");
    final TextField tenant = new TextField("Tenant");
    final Select<String> entityType = new Select<>();
    final DatePicker from = new DatePicker("From");
    final DatePicker to = new DatePicker("To");
    final Grid<AuditEvent> grid = new Grid<>();
    private final AuditLog audit;

    AuditLogView(AuditLog audit) {
        this.audit = audit;
        addClassName("page");
        setSizeFull();
        entityType.setLabel("Object");
        entityType.setItems("", "tenant", "membership", "quota", "gpu-profile", "workload", "kubeconfig");
        entityType.setItemLabelGenerator(t -> t.isEmpty() ? "any" : t);
        entityType.setValue("");
        Button apply = new Button("Filter", e -> refresh());
        HorizontalLayout filters = new HorizontalLayout(actor, tenant, entityType, from, to, apply);
        filters.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        grid.addColumn(e -> TIME.format(e.getOccurredAt())).setHeader("When").setAutoWidth(true);
        grid.addColumn(AuditEvent::getActor).setHeader("Who").setAutoWidth(true);
        grid.addColumn(e -> e.getAction().toLowerCase()).setHeader("Did").setAutoWidth(true);
        grid.addColumn(e -> e.getEntityType() + " " + e.getEntityKey())
                .setHeader("What")
                .setAutoWidth(true);
        grid.addColumn(e -> e.getTenantSlug() == null ? "" : e.getTenantSlug())
                .setHeader("Tenant")
                .setAutoWidth(true);
        grid.setItemDetailsRenderer(new ComponentRenderer<>(e -> new Pre("before: "
                + (e.getBeforeState() == null ? "—" : e.getBeforeState()) + "\nafter:  "
                + (e.getAfterState() == null ? "—" : e.getAfterState()))));
        grid.setSizeFull();
        add(new H2("Audit log"), filters, grid);
        refresh();
    }

    void refresh() {
        AuditFilter filter = new AuditFilter(
                actor.getValue(),
                tenant.getValue(),
                entityType.getValue(),
                from.getValue() == null ? null : from.getValue().atStartOfDay().toInstant(ZoneOffset.UTC),
                to.getValue() == null
                        ? null
                        : to.getValue().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        grid.setItems(audit.list(filter, LIMIT));
    }
}
