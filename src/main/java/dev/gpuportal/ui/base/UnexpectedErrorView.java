package dev.gpuportal.ui.base;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Anything unexpected while opening a page: logged with a reference, shown without a stack trace. */
@AnonymousAllowed
@ParentLayout(MainLayout.class)
public class UnexpectedErrorView extends VerticalLayout implements HasErrorParameter<Exception> {

    private static final Logger log = LoggerFactory.getLogger(UnexpectedErrorView.class);

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<Exception> parameter) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        log.error(
                "Unexpected error opening {} (reference {})",
                event.getLocation().getPath(),
                reference,
                parameter.getException());
        removeAll();
        add(
                new H2("Something went wrong"),
                new Paragraph("The page could not be shown. It has been logged with reference " + reference + "."),
                new Anchor("", "Back to my workloads"));
        return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    }
}
