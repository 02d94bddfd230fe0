package dev.gpuportal.ui.base;

import com.vaadin.flow.component.Component;
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
import dev.gpuportal.notification.NotificationEvents;
import dev.gpuportal.notification.NotificationService;
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
import java.util.Set;
import org.springframework.core.env.Environment;

/** The frame around every page: navigation on the left, the user menu on top. */
@Layout
@AnonymousAllowed
public class MainLayout extends AppLayout {

    MainLayout(
            CurrentUser currentUser,
            AuthenticationContext authentication,
            Environment env,
            NotificationService notifications,
            NotificationEvents notificationEvents) {
        PortalUser user = currentUser.get().orElse(null);
        addAttachListener(e -> UserTime.learnZone(e.getUI()));

        Span title = new Span("GPU Portal");
        title.addClassName("portal-title");
        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), title);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        header.setWidthFull();
        header.addClassName("portal-header");
        if (DemoLoginCondition.isDemo(env)) {
            // On a phone only "Demo" fits beside the menu; the full text stays as the badge's tooltip.
            Span wide = new Span("Demo mode: demo login, embedded database");
            wide.addClassName("wide-only");
            Span narrow = new Span("Demo");
            narrow.addClassName("narrow-only");
            Span demo = new Span(wide, narrow);
            demo.addClassNames("badge", "badge-warning", "demo-badge");
            demo.setTitle("Demo mode: demo login, embedded database");
            header.add(demo);
        }
        Div spacer = new Div();
        header.add(spacer);
        header.setFlexGrow(1, spacer);
        if (user != null) {
            header.add(new NotificationBell(notifications, notificationEvents, user.username()));
            header.add(userMenu(user, authentication));
        }
        addToNavbar(header);

        SideNav nav = new SideNav();
        // A workload's and a tenant's pages belong to "My workloads": the section stays highlighted there.
        nav.addItem(section("My workloads", MyWorkloadsView.class, VaadinIcon.ROCKET, "workloads", "tenants"));
        if (user != null && user.platformAdmin()) {
            SideNav admin = new SideNav("Admin console");
            admin.addItem(section("Quotas", QuotaConsoleView.class, VaadinIcon.DASHBOARD));
            admin.addItem(section("Tenants", TenantsView.class, VaadinIcon.GROUP));
            admin.addItem(section("All workloads", AllWorkloadsView.class, VaadinIcon.TASKS));
            admin.addItem(section("Clusters", ClustersView.class, VaadinIcon.CLUSTER));
            admin.addItem(section("GPU profiles", GpuProfilesView.class, VaadinIcon.CUBES));
            admin.addItem(section("GPU use", dev.gpuportal.ui.admin.GpuMetricsView.class, VaadinIcon.CHART));
            admin.addItem(section("Audit log", AuditLogView.class, VaadinIcon.RECORDS));
            addToDrawer(nav, admin);
        } else {
            addToDrawer(nav);
        }
        setPrimarySection(Section.DRAWER);
    }

    /** A side-nav entry that stays highlighted on its sub-pages and on the given other paths' pages. */
    static SideNavItem section(String label, Class<? extends Component> view, VaadinIcon icon, String... nestedPaths) {
        SideNavItem item = new SideNavItem(label, view, icon.create());
        item.setMatchNested(true);
        if (nestedPaths.length > 0) {
            item.setPathAliases(Set.of(nestedPaths));
        }
        return item;
    }

    private static MenuBar userMenu(PortalUser user, AuthenticationContext authentication) {
        Avatar avatar = new Avatar(user.displayName());
        avatar.addClassName("user-avatar");
        Span name = new Span(user.displayName());
        name.addClassName("wide-only");
        HorizontalLayout who = new HorizontalLayout(avatar, name);
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
        var theme = sub.addItem("Theme");
        ThemePreference chosen = ThemePreference.current();
        for (ThemePreference preference : ThemePreference.values()) {
            var item = theme.getSubMenu().addItem(preference.label());
            item.setCheckable(true);
            item.setChecked(preference == chosen);
            item.setId("theme-" + preference.name().toLowerCase());
            item.addClickListener(e -> {
                theme.getSubMenu().getItems().forEach(other -> other.setChecked(other == item));
                menu.getUI().ifPresent(preference::applyTo);
            });
        }
        sub.addItem("Sign out", e -> authentication.logout());
        menu.setId("user-menu");
        return menu;
    }
}
