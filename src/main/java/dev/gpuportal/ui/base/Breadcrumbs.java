package dev.gpuportal.ui.base;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Nav;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;

/**
 * Where a detail page sits ("My workloads / Tenant nlp / bert-finetune"), each step a link back; on a phone the
 * links wrap. Built once per page and filled when the page knows what it shows.
 */
public class Breadcrumbs extends Nav {

    public Breadcrumbs() {
        addClassName("breadcrumbs");
        getElement().setAttribute("aria-label", "Breadcrumb");
    }

    /** Starts over: detail pages fill it again on every navigation. */
    public Breadcrumbs clear() {
        removeAll();
        return this;
    }

    public Breadcrumbs link(String text, Class<? extends Component> view) {
        return link(text, view, RouteParameters.empty());
    }

    public Breadcrumbs link(String text, Class<? extends Component> view, RouteParameters parameters) {
        RouterLink link = new RouterLink(view, parameters);
        link.setText(text);
        link.addClassName("breadcrumb");
        add(link);
        return this;
    }

    /** The page itself: the last step, not a link. */
    public Breadcrumbs current(String text) {
        Span here = new Span(text);
        here.addClassName("breadcrumb");
        here.getElement().setAttribute("aria-current", "page");
        add(here);
        return this;
    }
}
