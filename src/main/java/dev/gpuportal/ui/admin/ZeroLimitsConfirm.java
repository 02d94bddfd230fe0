package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.HasComponents;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import java.util.List;

/** The step before a quota with a limit of 0 is saved: says what each 0 means and lets the admin go back. */
final class ZeroLimitsConfirm {

    private ZeroLimitsConfirm() {}

    /** Opens the question inside {@code host} (the dialog being saved); it leaves with its answer. */
    static ConfirmDialog open(HasComponents host, List<String> warnings, String confirmText, Runnable onConfirm) {
        UnorderedList list = new UnorderedList();
        warnings.forEach(w -> list.add(new ListItem(w)));
        VerticalLayout text = new VerticalLayout(list, new Paragraph("Keep these limits anyway?"));
        text.setPadding(false);
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setHeader(warnings.size() == 1 ? "A limit is 0" : warnings.size() + " limits are 0");
        confirm.setText(text);
        confirm.setCancelable(true);
        confirm.setCancelText("Go back and change");
        confirm.setConfirmText(confirmText);
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(e -> onConfirm.run());
        confirm.addOpenedChangeListener(e -> {
            if (!e.isOpened()) {
                confirm.removeFromParent();
            }
        });
        host.add(confirm);
        confirm.open();
        return confirm;
    }
}
