package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.onboarding.TenantSetup;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The members of a tenant not yet saved: users and identity-provider groups with a role, each checked when added. */
class MemberListEditor extends Div {

    final Select<SubjectType> memberType = new Select<>();
    final TextField subject = new TextField("User or group");
    final Select<TenantRole> role = new Select<>();
    final Button add = new Button("Add");
    final Grid<TenantSetup.Member> grid = new Grid<>();
    private final List<TenantSetup.Member> members = new ArrayList<>();

    MemberListEditor(MembershipService memberships, DialogFeedback feedback) {
        MemberInputs.configure(memberType, subject, role);
        add.addClickListener(e -> {
            String name = subject.getValue().strip();
            boolean ok = feedback.run(
                    () -> {
                        memberships.check(memberType.getValue(), name, role.getValue());
                        if (members.stream()
                                .anyMatch(m -> m.type() == memberType.getValue()
                                        && m.subject().equals(name))) {
                            throw InvalidInputException.of("subject", name + " is listed already");
                        }
                    },
                    Map.of("subject", subject, "subjectType", memberType, "role", role));
            if (ok) {
                members.add(new TenantSetup.Member(memberType.getValue(), name, role.getValue()));
                grid.setItems(members);
                subject.clear();
            }
        });
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.addColumn(m -> m.type() == SubjectType.GROUP ? "group" : "user")
                .setHeader("Type")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(TenantSetup.Member::subject).setHeader("User or group").setFlexGrow(1);
        grid.addColumn(m -> m.role().label()).setHeader("Role").setAutoWidth(true);
        grid.addComponentColumn(this::removeButton).setAutoWidth(true).setFlexGrow(0);
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("No members yet: add the team's identity-provider groups (or add them later).");
        grid.setItems(members);
        FlexLayout form = new FlexLayout(memberType, subject, role, add);
        form.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        form.getStyle().set("gap", "var(--lumo-space-s)");
        add(form, grid);
    }

    List<TenantSetup.Member> members() {
        return List.copyOf(members);
    }

    private Button removeButton(TenantSetup.Member member) {
        Button remove = new Button(VaadinIcon.TRASH.create(), e -> {
            members.remove(member);
            grid.setItems(members);
        });
        remove.addThemeVariants(ButtonVariant.LUMO_ICON, ButtonVariant.LUMO_TERTIARY);
        remove.setAriaLabel("Remove " + member.subject());
        remove.setTooltipText("Remove " + member.subject());
        return remove;
    }
}
