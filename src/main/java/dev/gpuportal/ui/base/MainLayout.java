package dev.gpuportal.ui.base;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.avatar.Avatar;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.gpuportal.security.CurrentUser;
import dev.gpuportal.security.DemoLoginCondition;
import dev.gpuportal.security.PortalUser;
import dev.gpuportal.ui.admin.AuditLogView;
import dev.gpuportal.ui.admin.ClustersView;
import dev.gpuportal.ui.admin.GpuProfilesView;
import dev.gpuportal.ui.admin.QuotaConsoleView;
import dev.gpuportal.ui.admin.TenantsView;
import dev.gpuportal.ui.workloads.AllWorkloadsView;
import dev.gpuportal.ui.workloads.MyWorkloadsView;
import org.springframework.core.env.Environment;

/** The frame around every page: navigation on the left, the user menu on top. */
@Layout
@AnonymousAllowed
public class MainLayout extends AppLayout {

    MainLayout(CurrentUser currentUser, AuthenticationContext authentication, Environment env) {
        PortalUser user = currentUser.get().orElse(null);

        Span title = new Span("GPU Portal");
        title.addClassName("portal-title");
        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), title);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        header.setWidthFull();
        header.addClassName("portal-header");
        if (DemoLoginCondition.isDemo(env)) {
            Span demo = new Span("Demo mode: demo login, embedded database");
            demo.addClassNames("badge", "badge-warning");
            header.add(demo);
        }
        Div spacer = new Div();
        header.add(spacer);
        header.setFlexGrow(1, spacer);
        if (user != null) {
            header.add(userMenu(user, authentication));
        }
        addToNavbar(header);

        SideNav nav = new SideNav();
        nav.addItem(new SideNavItem("My workloads", MyWorkloadsView.class, VaadinIcon.ROCKET.create()));
        if (user != null && user.platformAdmin()) {
            SideNav admin = new SideNav("Admin console");
            admin.addItem(new SideNavItem("Quotas", QuotaConsoleView.class, VaadinIcon.DASHBOARD.create()));
            admin.addItem(new SideNavItem("Tenants", TenantsView.class, VaadinIcon.GROUP.create()));
            admin.addItem(new SideNavItem("All workloads", AllWorkloadsView.class, VaadinIcon.TASKS.create()));
            admin.addItem(new SideNavItem("Clusters", ClustersView.class, VaadinIcon.CLUSTER.create()));
            admin.addItem(new SideNavItem("GPU profiles", GpuProfilesView.class, VaadinIcon.CUBES.create()));
            admin.addItem(new SideNavItem("Audit log", AuditLogView.class, VaadinIcon.RECORDS.create()));
            addToDrawer(nav, admin);
        } else {
            addToDrawer(nav);
        }
        setPrimarySection(Section.DRAWER);
    }

    private static MenuBar userMenu(PortalUser user, AuthenticationContext authentication) {
        Avatar avatar = new Avatar(user.displayName());
        avatar.addClassName("user-avatar");
        HorizontalLayout who = new HorizontalLayout(avatar, new Span(user.displayName()));
        who.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        who.setSpacing(true);
        MenuBar menu = new MenuBar();
        menu.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE);
        var root = menu.addItem(who);
        var sub = root.getSubMenu();
        sub.addItem(new Span("Signed in as " + user.username()), e -> {}).setEnabled(false);
        if (!user.groups().isEmpty()) {
            sub.addItem(new Span("Groups: " + String.join(", ", user.groups())), e -> {})
                    .setEnabled(false);
        }
        sub.addItem("Sign out", e -> authentication.logout());
        menu.setId("user-menu");
        return menu;
    }
}
