package dev.gpuportal.ui.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import dev.gpuportal.ui.admin.TenantsView;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithMockUser;

/** What data scientists see: their own tenant, never another's, and a friendly page when they have none. */
@SpringBootTest
class TenantIsolationViewTest extends SpringBrowserlessTest {

    @Override
    protected Set<String> scanPackages() {
        return Set.of("dev.gpuportal.ui");
    }

    @Test
    @WithMockUser(
            username = "nina",
            authorities = {"ROLE_USER", "GROUP_nlp-team"})
    void memberSeesOwnTenantQuota() {
        MyWorkloadsView view = navigate(MyWorkloadsView.class);
        assertThat($(H3.class).all()).extracting(H3::getText).contains("My tenants");
        assertThat(view.grid.getGenericDataView().getItems()).isEmpty();
        assertThat(pageText()).contains("Natural Language Processing (nlp)").doesNotContain("recsys");

        navigate(TenantOverviewView.class, Map.of("slug", "nlp"));
        assertThat($(H2.class).first().getText()).isEqualTo("Natural Language Processing");
    }

    @Test
    @WithMockUser(
            username = "nina",
            authorities = {"ROLE_USER", "GROUP_nlp-team"})
    void memberOfOneTenantIsDeniedAnotherTenantsPageAndSeesNothingOfIt() {
        navigate("tenants/recsys", com.vaadin.flow.component.Component.class);
        assertThat($(H2.class).first().getText()).isEqualTo("No access");
        assertThat(pageText()).contains("You have no access to tenant 'recsys'").doesNotContain("Recommender");
    }

    @Test
    @WithMockUser(
            username = "nina",
            authorities = {"ROLE_USER", "GROUP_nlp-team"})
    void dataScientistCannotOpenTheAdminConsole() {
        assertThatThrownBy(() -> navigate(TenantsView.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @WithMockUser(
            username = "vera",
            authorities = {"ROLE_USER", "GROUP_vision-team"})
    void userWithoutTenantGetsAFriendlyPage() {
        navigate(MyWorkloadsView.class);
        assertThat($(H3.class).first().getText()).isEqualTo("You are not in a tenant yet");
        assertThat($(Paragraph.class).all()).extracting(Paragraph::getText).contains("Your groups: vision-team");
    }

    private String pageText() {
        return getCurrentView().getElement().getTextRecursively();
    }
}
