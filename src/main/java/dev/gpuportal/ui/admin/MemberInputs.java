package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantRole;

/** The inputs for one member, set up alike in the members dialog and the new-tenant wizard. */
final class MemberInputs {

    private MemberInputs() {}

    static void configure(Select<SubjectType> type, TextField subject, Select<TenantRole> role) {
        type.setLabel("Type");
        type.setItems(SubjectType.values());
        type.setItemLabelGenerator(t -> t == SubjectType.GROUP ? "IdP group" : "User");
        type.setValue(SubjectType.GROUP);
        role.setLabel("Role");
        role.setItems(TenantRole.values());
        role.setItemLabelGenerator(TenantRole::label);
        role.setValue(TenantRole.MEMBER);
        subject.setHelperText("A group name from the identity provider, or a username");
    }
}
