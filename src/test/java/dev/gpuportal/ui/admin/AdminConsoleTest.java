package dev.gpuportal.ui.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.textfield.TextField;
import dev.gpuportal.audit.AuditFilter;
import dev.gpuportal.audit.AuditLog;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithMockUser;

/** The admin screens, driven like a user would (browserless), including what happens with bad input. */
@SpringBootTest
@WithMockUser(
        username = "admin",
        roles = {"USER", "ADMIN"})
class AdminConsoleTest extends SpringBrowserlessTest {

    @Autowired
    TenantService tenants;

    @Autowired
    QuotaService quotas;

    @Autowired
    AuditLog audit;

    @Override
    protected Set<String> scanPackages() {
        return Set.of("dev.gpuportal.ui");
    }

    @Test
    void invalidSlugIsReportedAtTheFieldAndNothingIsSaved() {
        TenantsView view = navigate(TenantsView.class);
        int before = tenants.visibleTenants().size();
        test(view.create).click();
        TextField slug = fieldLabelled("Slug");
        test(slug).setValue("Vision Team!");
        test(fieldLabelled("Display name")).setValue("Vision");
        clickSave("Next");

        assertThat(slug.isInvalid()).isTrue();
        assertThat(slug.getErrorMessage()).contains("lower-case letters");
        assertThat(tenants.visibleTenants()).hasSize(before);
    }

    @Test
    void dedicatedTierIsNotOfferedWithoutAHostAndItsVersionIsCheckedAndNothingIsSaved() {
        TenantsView view = navigate(TenantsView.class);
        int before = tenants.visibleTenants().size();
        test(view.create).click();
        TenantWizard wizard = $(TenantWizard.class).single();
        test(fieldLabelled("Slug")).setValue("vision-dedicated");
        test(fieldLabelled("Display name")).setValue("Vision (dedicated)");
        clickSave("Next");
        clickSave("Next");
        clickSave("Next");
        assertThat(wizard.step()).isEqualTo(TenantWizard.PLACEMENT);
        // shared is the default: no virtual cluster settings to fill in
        assertThat(wizard.placement.kubernetesVersion.isVisible()).isFalse();
        // the demo cluster has no Kamaji: dedicated is shown, but cannot be chosen
        assertThat(wizard.placement.tier.getItemEnabledProvider().test(IsolationTier.DEDICATED))
                .isFalse();
        assertThat(wizard.placement.tier.getHelperText()).contains("no registered cluster has it");

        // a client that sends it anyway (or a stale page) is refused at the fields
        wizard.placement.tier.setValue(IsolationTier.DEDICATED);
        test(wizard.placement.kubernetesVersion).setValue("v1.99.0");
        clickSave("Next");
        assertThat(wizard.step()).isEqualTo(TenantWizard.PLACEMENT);
        assertThat(wizard.placement.tier.getErrorMessage())
                .startsWith("No registered cluster can host dedicated tenants");
        assertThat(wizard.placement.kubernetesVersion.getErrorMessage())
                .isEqualTo("Virtual clusters here run v1.37.x or v1.38.x, not v1.99.0");
        test(wizard.placement.kubernetesVersion).setValue("1.38");
        clickSave("Next");
        assertThat(wizard.placement.kubernetesVersion.getErrorMessage())
                .isEqualTo("'1.38' is not a Kubernetes release: use e.g. v1.37.2");
        assertThat(tenants.visibleTenants()).hasSize(before);
    }

    @Test
    void duplicateSlugIsRefusedAtTheField() {
        TenantsView view = navigate(TenantsView.class);
        test(view.create).click();
        test(fieldLabelled("Slug")).setValue("nlp");
        test(fieldLabelled("Display name")).setValue("Another NLP");
        clickSave("Next");

        assertThat(fieldLabelled("Slug").getErrorMessage()).isEqualTo("A tenant 'nlp' exists already");
    }

    @Test
    void adminSetsQuotaWithProfileCap() {
        createTenant("vision-ui");

        QuotaConsoleView console = navigate(QuotaConsoleView.class);
        test($(com.vaadin.flow.component.button.Button.class)
                        .withId("edit-quota-vision-ui")
                        .single())
                .click();
        test(fieldLabelled("GPU-equivalents")).setValue("2.5");
        test(fieldLabelled("CPU (cores)")).setValue("32");
        test(fieldLabelled("Memory")).setValue("128Gi");
        test(fieldLabelled("Storage")).setValue("1Ti");
        test(fieldLabelled("Max workloads")).setValue("10");
        test($(TextField.class).withId("cap-mig-1g.10gb").single()).setValue("4");
        test(fieldLabelled("Stop notebooks idle for")).setValue("90m");
        clickSave("Save quota");

        var saved = quotas.quotaOf("vision-ui");
        assertThat(saved.limits().gpus().toFractionString()).isEqualTo("5/2");
        assertThat(saved.caps()).singleElement().satisfies(cap -> {
            assertThat(cap.profile().getName()).isEqualTo("mig-1g.10gb");
            assertThat(cap.max()).isEqualTo(4);
        });
        assertThat(saved.limits().notebookIdleLimit()).isEqualTo(java.time.Duration.ofMinutes(90));
        assertThat(saved.draft().notebookIdleLimit()).isEqualTo("1h30m");
        assertThat(console.tenantsBox.getElement().getText() + textOf(console)).contains("0 GPU of 2.5 GPU");
    }

    @Test
    void badQuotaInputIsShownAtEachFieldAndChangesNothing() {
        createTenant("quota-bad");
        navigate(QuotaConsoleView.class);
        test($(com.vaadin.flow.component.button.Button.class)
                        .withId("edit-quota-quota-bad")
                        .single())
                .click();
        test(fieldLabelled("GPU-equivalents")).setValue("1.5");
        test(fieldLabelled("Memory")).setValue("12 gigs");
        test(fieldLabelled("Max workloads")).setValue("-3");
        TextField cap = $(TextField.class).withId("cap-mig-3g.40gb").single();
        test(cap).setValue("7");
        test(fieldLabelled("Stop notebooks idle for")).setValue("5m");
        clickSave("Save quota");

        assertThat(fieldLabelled("Memory").getErrorMessage()).contains("'12 gigs' is not a size");
        assertThat(fieldLabelled("Max workloads").isInvalid()).isTrue();
        assertThat(cap.getErrorMessage()).isEqualTo("7 × 3g.40gb = 3 GPU, more than the tenant's total of 1.5 GPU");
        assertThat(fieldLabelled("Stop notebooks idle for").getErrorMessage())
                .isEqualTo("Between 15m and 30d, or never");
        assertThat(quotas.quotaOf("quota-bad").version()).isEqualTo(QuotaService.NO_QUOTA_YET);
        assertThat(quotas.quotaOf("quota-bad").limits().gpus().isZero()).isTrue();
        assertThat(audit.list(new AuditFilter(null, "quota-bad", "quota", null, null), 10))
                .isEmpty();
    }

    @Test
    void concurrentQuotaEditTellsTheSecondAdminWhoChangedIt() {
        createTenant("quota-race");
        navigate(QuotaConsoleView.class);
        test($(com.vaadin.flow.component.button.Button.class)
                        .withId("edit-quota-quota-race")
                        .single())
                .click();
        // Another admin saves while this dialog is open.
        quotas.update(
                "quota-race", QuotaService.NO_QUOTA_YET, new QuotaDraft("3", Map.of(), "8", "32Gi", "100Gi", "5"));

        test(fieldLabelled("GPU-equivalents")).setValue("1");
        clickSave("Save quota");
        // the dialog was opened on the empty quota: its zeros are asked about first
        test($(QuotaDialog.class).single().zeroLimits).confirm();

        // said in the dialog, not in a toast over its fields
        assertThat($(Notification.class).all()).isEmpty();
        assertThat($(QuotaDialog.class).single().feedback.text())
                .contains("was changed by admin")
                .contains("reload");
        assertThat(quotas.quotaOf("quota-race").limits().gpus().toFractionString())
                .isEqualTo("3");
    }

    @Test
    void invalidMigFractionIsRefusedAtTheField() {
        GpuProfilesView view = navigate(GpuProfilesView.class);
        test(view.create).click();
        test(fieldLabelled("Name")).setValue("mig-3g.40gb-b");
        test(fieldLabelled("Description")).setValue("Odd slice");
        test(fieldLabelled("Short label")).setValue("odd");
        test(fieldLabelled("GPU model (nvidia.com/gpu.product)")).setValue("NVIDIA-H100-80GB-HBM3");
        test(fieldLabelled("Kubernetes resource")).setValue("nvidia.com/mig-3g.40gb");
        TextField equivalent = fieldLabelled("GPU-equivalent");
        test(equivalent).setValue("3/8");
        clickSave("Save");

        assertThat(equivalent.getErrorMessage()).contains("3/8 is not a MIG slice");
        assertThat(view.grid.getGenericDataView().getItems().map(p -> p.getName()))
                .doesNotContain("mig-3g.40gb-b");
    }

    @Test
    void theConsoleSaysSharingIsOffOnTheDemoClusterAndBadSharingLimitsStayAtTheirFields() {
        createTenant("share-bad");
        AsAdmin.quota(quotas, "share-bad", "2");
        QuotaConsoleView console = navigate(QuotaConsoleView.class);

        assertThat(textOf(console.sharingBox)).contains("GPU sharing is off", "runs no queue manager");
        test($(com.vaadin.flow.component.button.Button.class)
                        .withId("edit-sharing-share-bad")
                        .single())
                .click();
        test(fieldLabelled("May borrow (GPUs)")).setValue("-2");
        test(fieldLabelled("Lends (GPUs)")).setValue("3");
        clickSave("Save sharing");

        assertThat(fieldLabelled("May borrow (GPUs)").getErrorMessage()).startsWith("Cannot be negative");
        assertThat(fieldLabelled("Lends (GPUs)").getErrorMessage())
                .isEqualTo("At most 2 GPU: the tenant's guaranteed quota is all it can lend");
        assertThat(quotas.sharingOf("share-bad").draft().borrowingLimit()).isEmpty();
    }

    /** Sets a tenant's quota as the admin of this test. */
    static final class AsAdmin {
        static void quota(QuotaService quotas, String slug, String gpus) {
            quotas.update(slug, QuotaService.NO_QUOTA_YET, new QuotaDraft(gpus, Map.of(), "16", "64Gi", "1Ti", "10"));
        }
    }

    @Test
    void withMoreTenantsThanOnePageTheConsoleShowsAPageAndFindsTenantsByName() {
        List<String> many = java.util.stream.IntStream.range(0, 55)
                .mapToObj(i -> "many-" + i)
                .toList();
        many.forEach(this::createTenant);
        try {
            QuotaConsoleView console = navigate(QuotaConsoleView.class);
            long active = quotas.console("", 50).activeTenants();
            assertThat(console.search.isVisible()).isTrue();
            assertThat(console.tenantsBox.getChildren()).hasSize(50);
            assertThat(console.shownCount.getText()).isEqualTo("Showing 50 of " + active + " tenants");
            assertThat(console.more.isVisible()).isTrue();

            test(console.more).click();
            assertThat(console.tenantsBox.getChildren()).hasSize((int) Math.min(100, active));

            test(console.search).setValue("MANY-5");
            assertThat(console.tenantsBox.getChildren()).hasSize(6); // many-5, many-50 … many-54
            assertThat($(com.vaadin.flow.component.button.Button.class)
                            .withId("edit-quota-many-54")
                            .exists())
                    .isTrue();
            assertThat(console.shownCount.getText()).isEqualTo("Showing 6 of 6 tenants found");
            assertThat(console.more.isVisible()).isFalse();

            test(console.search).setValue("nobody");
            assertThat(console.tenantsBox.getChildren()).isEmpty();
            assertThat(console.shownCount.getText()).isEqualTo("No tenant's name contains \"nobody\"");
        } finally {
            many.forEach(tenants::archive); // the other tests' tenants stay on the first page
        }
    }

    private void createTenant(String slug) {
        tenants.create(new TenantDraft(slug, slug, null, IsolationTier.SHARED, List.of()));
    }

    private TextField fieldLabelled(String label) {
        return $(TextField.class).withCaption(label).last();
    }

    private void clickSave(String caption) {
        test($(com.vaadin.flow.component.button.Button.class)
                        .withCaption(caption)
                        .last())
                .click();
    }

    private String textOf(com.vaadin.flow.component.Component c) {
        StringBuilder text = new StringBuilder();
        c.getElement()
                .getChildren()
                .forEach(e -> text.append(e.getTextRecursively()).append(' '));
        return text.toString();
    }
}
