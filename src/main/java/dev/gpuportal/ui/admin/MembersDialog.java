package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.MembershipView;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantRole;
import java.util.Map;

/** The members of one tenant: users or identity-provider groups, each with a role. */
class MembersDialog extends Dialog {

    final Grid<MembershipView> grid = new Grid<>();
    final Select<SubjectType> type = new Select<>();
    final TextField subject = new TextField("User or group");
    final Select<TenantRole> role = new Select<>();
    final Button add = new Button("Add or change");
    final DialogFeedback feedback = new DialogFeedback();
    private final MembershipService memberships;
    private final String tenantSlug;

    MembersDialog(MembershipService memberships, String tenantSlug) {
        this.memberships = memberships;
        this.tenantSlug = tenantSlug;
        setHeaderTitle("Members of " + tenantSlug);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.addColumn(m -> m.subjectType().name().toLowerCase())
                .setHeader("Type")
                .setAutoWidth(true);
        grid.addColumn(MembershipView::subject).setHeader("User or group").setFlexGrow(1);
        grid.addColumn(m -> m.role().label()).setHeader("Role").setAutoWidth(true);
        grid.addComponentColumn(m -> {
                    Button remove = new Button("Remove", e -> {
                        if (feedback.run(() -> memberships.revoke(tenantSlug, m.id()), Map.of())) {
                            refresh();
                        }
                    });
                    remove.addThemeVariants(
                            ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
                    return remove;
                })
                .setAutoWidth(true);
        grid.setAllRowsVisible(true);

        MemberInputs.configure(type, subject, role);
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.addClickListener(e -> {
            if (feedback.run(
                    () -> memberships.grant(tenantSlug, type.getValue(), subject.getValue(), role.getValue()),
                    Map.of("subject", subject, "subjectType", type, "role", role))) {
                subject.clear();
                refresh();
            }
        });
        HorizontalLayout form = new HorizontalLayout(type, subject, role, add);
        form.setDefaultVerticalComponentAlignment(HorizontalLayout.Alignment.BASELINE);
        add(feedback, grid, form);
        getFooter().add(new Button("Close", e -> close()));
        setWidth("52rem");
        refresh();
    }

    private void refresh() {
        grid.setItems(memberships.members(tenantSlug));
    }
}
