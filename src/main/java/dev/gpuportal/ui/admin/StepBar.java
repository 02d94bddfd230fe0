package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import java.util.List;

/** The steps of a wizard in a row (wrapping on a phone): done ones ticked, the current one marked for all readers. */
class StepBar extends FlexLayout {

    private final List<String> steps;

    StepBar(List<String> steps) {
        this.steps = List.copyOf(steps);
        setFlexWrap(FlexWrap.WRAP);
        getStyle().set("gap", "var(--lumo-space-s)").set("margin-bottom", "var(--lumo-space-m)");
        getElement().setAttribute("aria-label", "Steps");
        show(0);
    }

    void show(int current) {
        removeAll();
        for (int i = 0; i < steps.size(); i++) {
            Span label = new Span((i < current ? "✓ " : (i + 1) + " ") + steps.get(i));
            label.getStyle()
                    .set("padding", "var(--lumo-space-xs) var(--lumo-space-s)")
                    .set("border-radius", "var(--lumo-border-radius-m)")
                    .set("font-size", "var(--lumo-font-size-s)")
                    .set(
                            "color",
                            i == current ? "var(--lumo-primary-contrast-color)" : "var(--lumo-secondary-text-color)")
                    .set("background", i == current ? "var(--lumo-primary-color)" : "var(--lumo-contrast-5pct)");
            if (i == current) {
                label.getElement().setAttribute("aria-current", "step");
            }
            add(label);
        }
    }
}
