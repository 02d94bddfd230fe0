package dev.gpuportal.ui.base;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.RouterLink;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithMockUser;

/** The frame around the pages: its own Not found / No access pages, breadcrumbs, the sections, the theme menu. */
@SpringBootTest
class FrameTest extends SpringBrowserlessTest {

    @Override
    protected Set<String> scanPackages() {
        return Set.of("dev.gpuportal.ui");
    }

    @Test
    @WithMockUser(
            username = "nina",
            authorities = {"ROLE_USER", "GROUP_nlp-team"})
    void aDataScientistOpeningTheAdminConsoleGetsTheNoAccessPageInsideTheFrame() {
        navigate("admin/tenants", Component.class);

        assertThat(getCurrentView()).isInstanceOf(NotFoundView.class);
        assertThat($(H2.class).first().getText()).isEqualTo("No access");
        assertThat(text()).contains("for platform admins").doesNotContain("Available routes");
        assertThat($(MainLayout.class).exists()).isTrue();
    }

    @Test
    @WithMockUser(
            username = "nina",
            authorities = {"ROLE_USER", "GROUP_nlp-team"})
    void anUnknownAddressGetsTheNotFoundPageInsideTheFrame() {
        navigate("no/such/page", Component.class);

        assertThat($(H2.class).first().getText()).isEqualTo("Page not found");
        assertThat(text()).contains("There is no page at /no/such/page").doesNotContain("Available routes");
        assertThat($(MainLayout.class).exists()).isTrue();
    }

    @Test
    @WithMockUser(
            username = "admin",
            roles = {"USER", "ADMIN"})
    void anAdminOpeningAnUnknownAdminAddressGetsNotFoundNotNoAccess() {
        navigate("admin/no-such-console", Component.class);

        assertThat($(H2.class).first().getText()).isEqualTo("Page not found");
    }

    @Test
    @WithMockUser(
            username = "nina",
            authorities = {"ROLE_USER", "GROUP_nlp-team"})
    void aTenantPageHasABreadcrumbBackToMyWorkloads() {
        navigate("tenants/nlp", Component.class);

        Breadcrumbs crumbs = $(Breadcrumbs.class).single();
        assertThat($(RouterLink.class, crumbs).all())
                .extracting(RouterLink::getHref)
                .containsExactly("");
        assertThat(crumbs.getElement().getTextRecursively()).isEqualTo("My workloadsNatural Language Processing");
    }

    @Test
    @WithMockUser(
            username = "admin",
            roles = {"USER", "ADMIN"})
    void sectionsStayHighlightedOnTheirSubPages() {
        navigate("", Component.class);

        var items = $(SideNavItem.class).all();
        assertThat(items).allMatch(SideNavItem::isMatchNested);
        SideNavItem workloads = items.stream()
                .filter(i -> i.getLabel().equals("My workloads"))
                .findFirst()
                .orElseThrow();
        assertThat(workloads.getPathAliases()).containsExactlyInAnyOrder("workloads", "tenants");
    }

    @Test
    @WithMockUser(
            username = "nina",
            authorities = {"ROLE_USER", "GROUP_nlp-team"})
    void theUserMenuOffersTheThemeWithTheSystemsChoiceByDefault() {
        navigate("", Component.class);

        var theme = $(MenuBar.class).id("user-menu").getItems().getFirst().getSubMenu().getItems().stream()
                .filter(i -> i.getText().equals("Theme"))
                .findFirst()
                .orElseThrow();
        assertThat(theme.getSubMenu().getItems())
                .extracting(i -> i.getText() + (i.isChecked() ? " ✓" : ""))
                .containsExactly("Follow system ✓", "Light", "Dark");
    }

    private String text() {
        return getCurrentView().getElement().getTextRecursively();
    }
}
