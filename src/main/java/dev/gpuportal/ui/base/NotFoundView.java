package dev.gpuportal.ui.base;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.server.auth.AccessAnnotationChecker;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Vaadin answers both an address that is no page and a page the signed-in person's role does not open (the admin
 * console for a data scientist) with a NotFoundException. This page tells the two apart, inside the portal's frame,
 * instead of Vaadin's bare "Could not navigate" page with its list of routes.
 */
@AnonymousAllowed
@ParentLayout(MainLayout.class)
public class NotFoundView extends VerticalLayout implements HasErrorParameter<NotFoundException> {

    private static final AccessAnnotationChecker ACCESS = new AccessAnnotationChecker();

    public NotFoundView() {
        addClassName("page");
        addClassName("error-page");
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        String path = event.getLocation().getPath();
        removeAll();
        if (routeClosedToCaller(path)) {
            add(
                    new H2("No access"),
                    new Paragraph("This page is for platform admins. If you need it, ask your platform team."),
                    homeLink());
            return HttpServletResponse.SC_FORBIDDEN;
        }
        add(
                new H2("Page not found"),
                new Paragraph("There is no page at /" + path + ". Check the address, or start again from your"
                        + " workloads."),
                homeLink());
        return HttpServletResponse.SC_NOT_FOUND;
    }

    /** Whether the path is one of the portal's pages that the signed-in person's roles do not open. */
    static boolean routeClosedToCaller(String path) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated()) {
            return false;
        }
        Optional<Class<? extends Component>> route =
                RouteConfiguration.forApplicationScope().getRoute(path);
        return route.isPresent()
                && !ACCESS.hasAccess(
                        route.get(),
                        auth,
                        role -> auth.getAuthorities().stream()
                                .anyMatch(a -> ("ROLE_" + role).equals(a.getAuthority())));
    }

    static Anchor homeLink() {
        return new Anchor("", "Back to my workloads");
    }
}
