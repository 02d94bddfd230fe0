package dev.gpuportal.ui.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.textfield.TextField;
import dev.gpuportal.base.Quantities;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.MembershipView;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.ui.workloads.MyWorkloadsView;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithMockUser;

/** The new-tenant wizard, the zero-limit confirmation, the admin's landing page and the tenants grid's actions. */
@SpringBootTest
@WithMockUser(
        username = "admin",
        roles = {"USER", "ADMIN"})
class TenantWizardTest extends SpringBrowserlessTest {

    @Autowired
    TenantService tenants;

    @Autowired
    QuotaService quotas;

    @Autowired
    MembershipService memberships;

    @Override
    protected Set<String> scanPackages() {
        return Set.of("dev.gpuportal.ui");
    }

    @Test
    void theWizardCreatesTenantMembersQuotaAndPlacementAtOnceWithTheDefaultsPrefilled() {
        TenantWizard wizard = openWizard();
        test(wizard.slug).setValue("wiz-happy");
        test(wizard.displayName).setValue("Wizard made");
        next();

        assertThat(wizard.step()).isEqualTo(TenantWizard.MEMBERS);
        test(wizard.members.subject).setValue("wiz-team");
        test(wizard.members.add).click();
        wizard.members.memberType.setValue(SubjectType.USER);
        wizard.members.role.setValue(TenantRole.TENANT_ADMIN);
        test(wizard.members.subject).setValue("wiz-lead");
        test(wizard.members.add).click();
        next();

        assertThat(wizard.step()).isEqualTo(TenantWizard.QUOTA);
        // prefilled from gpu-portal.quota.defaults.*
        assertThat(wizard.quota.gpus.getValue()).isEqualTo("1");
        assertThat(wizard.quota.cpu.getValue()).isEqualTo("16");
        assertThat(wizard.quota.memory.getValue()).isEqualTo("64Gi");
        assertThat(wizard.quota.storage.getValue()).isEqualTo("500Gi");
        assertThat(wizard.quota.maxWorkloads.getValue()).isEqualTo("10");
        test(wizard.quota.gpus).setValue("2.5");
        next();

        assertThat(wizard.step()).isEqualTo(TenantWizard.PLACEMENT);
        assertThat(wizard.placement.clusters.getValue()).containsExactly("demo");
        next();

        assertThat(wizard.step()).isEqualTo(TenantWizard.SUMMARY);
        assertThat(wizard.summary.getElement().getTextRecursively())
                .contains("wiz-happy")
                .contains("group wiz-team (member)")
                .contains("user wiz-lead (tenant-admin)")
                .contains("2.5 GPU · 16 CPU · 64Gi memory · 500Gi storage · 10 workloads")
                .contains("shared on demo");
        test(wizard.create).click();

        assertThat(wizard.isOpened()).isFalse();
        assertThat(tenants.get("wiz-happy").getClusters()).containsExactly("demo");
        assertThat(memberships.members("wiz-happy"))
                .extracting(MembershipView::subject, MembershipView::role)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("wiz-team", TenantRole.MEMBER),
                        org.assertj.core.groups.Tuple.tuple("wiz-lead", TenantRole.TENANT_ADMIN));
        var limits = quotas.quotaOf("wiz-happy").limits();
        assertThat(limits.gpus().toFractionString()).isEqualTo("5/2");
        assertThat(limits.cpuMillis()).isEqualTo(16_000);
        assertThat(limits.memoryBytes()).isEqualTo(Quantities.parseBytes("64Gi"));
        assertThat(limits.storageBytes()).isEqualTo(Quantities.parseBytes("500Gi"));
        assertThat(limits.maxWorkloads()).isEqualTo(10);
        assertThat(quotas.quotaOf("wiz-happy").warnings()).isEmpty();
    }

    @Test
    void aRefusalAtSaveGoesBackToItsStepAndFieldAndNothingIsHalfCreated() {
        TenantWizard wizard = openWizard();
        test(wizard.slug).setValue("wiz-race");
        test(wizard.displayName).setValue("Raced");
        next();
        test(wizard.members.subject).setValue("race-team");
        test(wizard.members.add).click();
        next();
        next();
        next();
        assertThat(wizard.step()).isEqualTo(TenantWizard.SUMMARY);

        // another admin takes the slug while this one reads the summary
        tenants.create(new TenantDraft("wiz-race", "First", null, IsolationTier.SHARED, List.of()));
        test(wizard.create).click();

        assertThat(wizard.isOpened()).isTrue();
        assertThat(wizard.step()).isEqualTo(TenantWizard.TENANT);
        assertThat(wizard.slug.getErrorMessage()).isEqualTo("A tenant 'wiz-race' exists already");
        assertThat($(Notification.class).all()).isEmpty();
        // the other admin's tenant got nothing of this setup
        assertThat(memberships.members("wiz-race")).isEmpty();
        assertThat(quotas.quotaOf("wiz-race").version()).isEqualTo(QuotaService.NO_QUOTA_YET);
    }

    @Test
    void badQuotaStopsAtItsStepWithTheMessageAtTheFieldAndSavesNothing() {
        int before = tenants.visibleTenants().size();
        TenantWizard wizard = openWizard();
        test(wizard.slug).setValue("wiz-bad");
        test(wizard.displayName).setValue("Bad quota");
        next();
        next();
        test(wizard.quota.memory).setValue("12 gigs");
        test($(TextField.class).withId("cap-mig-3g.40gb").single()).setValue("7");
        next();

        assertThat(wizard.step()).isEqualTo(TenantWizard.QUOTA);
        assertThat(wizard.quota.memory.getErrorMessage()).contains("'12 gigs' is not a size");
        assertThat(wizard.quota.caps.get("mig-3g.40gb").getErrorMessage())
                .isEqualTo("7 × 3g.40gb = 3 GPU, more than the tenant's total of 1 GPU");
        assertThat(tenants.visibleTenants()).hasSize(before);
    }

    @Test
    void aLimitOfZeroIsConfirmedInTheWizardBeforeItGoesOn() {
        TenantWizard wizard = openWizard();
        test(wizard.slug).setValue("wiz-zero");
        test(wizard.displayName).setValue("Zero");
        next();
        next();
        test(wizard.quota.maxWorkloads).setValue("0");
        next();

        assertThat(wizard.step()).isEqualTo(TenantWizard.QUOTA);
        assertThat(wizard.zeroLimits.isOpened()).isTrue();
        assertThat(test(wizard.zeroLimits).getHeader()).isEqualTo("A limit is 0");
        test(wizard.zeroLimits).confirm();
        assertThat(wizard.step()).isEqualTo(TenantWizard.PLACEMENT);
    }

    @Test
    void aLimitOfZeroInTheQuotaDialogIsSavedOnlyAfterTheAdminConfirmsIt() {
        tenants.create(new TenantDraft("zero-q", "Zero quota", null, IsolationTier.SHARED, List.of()));
        navigate(QuotaConsoleView.class);
        test($(Button.class).withId("edit-quota-zero-q").single()).click();
        QuotaDialog dialog = $(QuotaDialog.class).single();
        test(dialog.quota.gpus).setValue("1");
        test(dialog.quota.cpu).setValue("8");
        test(dialog.quota.memory).setValue("32Gi");
        test(dialog.quota.storage).setValue("100Gi");
        test(dialog.quota.maxWorkloads).setValue("0");
        test(dialog.save).click();

        ConfirmDialog confirm = dialog.zeroLimits;
        assertThat(confirm.isOpened()).isTrue();
        assertThat(confirm.getElement().getTextRecursively() + textOf(confirm))
                .contains("0 workloads: nobody in tenant zero-q can run anything");
        assertThat(quotas.quotaOf("zero-q").version()).isEqualTo(QuotaService.NO_QUOTA_YET);

        test(confirm).confirm();
        assertThat(quotas.quotaOf("zero-q").limits().maxWorkloads()).isZero();
        assertThat(quotas.quotaOf("zero-q").warnings())
                .containsExactly("0 workloads: nobody in tenant zero-q can run anything");
    }

    @Test
    void anAdminInNoTenantLandsOnTheQuotaConsole() {
        navigate("", QuotaConsoleView.class);
        assertThat(getCurrentView()).isInstanceOf(QuotaConsoleView.class);
    }

    @Test
    @WithMockUser(
            username = "vera",
            roles = {"USER"})
    void aUserInNoTenantStillReadsThatTheyAreInNone() {
        navigate("", MyWorkloadsView.class);
        assertThat(getCurrentView().getElement().getTextRecursively()).contains("You are not in a tenant yet");
    }

    @Test
    void tenantActionsAreIconsThatSayWhatTheyDo() {
        TenantsView view = navigate(TenantsView.class);
        var grid = test(view.grid);
        int nlp = java.util.stream.IntStream.range(0, grid.size())
                .filter(i -> grid.getRow(i).getSlug().equals("nlp"))
                .findFirst()
                .orElseThrow();
        var actions = grid.getCellComponent(nlp, grid.getColumnPosition("actions"));
        List<String> labels = actions.getChildren()
                .map(c -> c.getElement().getAttribute("aria-label"))
                .toList();
        assertThat(labels).containsExactly("Edit nlp", "Members of nlp", "Archive nlp");
        actions.getChildren()
                .map(Button.class::cast)
                .forEach(b -> assertThat(b.getTooltip().getText())
                        .isEqualTo(b.getElement().getAttribute("aria-label")));
    }

    private TenantWizard openWizard() {
        TenantsView view = navigate(TenantsView.class);
        test(view.create).click();
        return $(TenantWizard.class).single();
    }

    private void next() {
        test($(Button.class).withCaption("Next").last()).click();
    }

    private static String textOf(ConfirmDialog dialog) {
        StringBuilder text = new StringBuilder();
        dialog.getChildren().forEach(c -> text.append(c.getElement().getTextRecursively()));
        return text.toString();
    }
}
