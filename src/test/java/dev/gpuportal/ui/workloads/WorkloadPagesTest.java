package dev.gpuportal.ui.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.notification.Notification;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.security.Authorities;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.workload.DesiredState;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadForm;
import dev.gpuportal.workload.WorkloadQuery;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadSpec;
import dev.gpuportal.workload.WorkloadView;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * A data scientist's first day, browserless: the cost preview names every limit that would refuse, bad counts are
 * refused at the field, refusals stay in the dialog, start after stop says Starting, and the lists page in the
 * database with the caller's rights.
 */
@SpringBootTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkloadPagesTest extends SpringBrowserlessTest {

    @Autowired
    TenantService tenants;

    @Autowired
    MembershipService memberships;

    @Autowired
    QuotaService quotas;

    @Autowired
    WorkloadService workloads;

    @Override
    protected Set<String> scanPackages() {
        return Set.of("dev.gpuportal.ui");
    }

    /** Before the browserless session starts (the caller's tenants are read once per session). */
    @BeforeAll
    void tenants() {
        // a new tenant as the console made it before: a GPU quota, every other limit 0
        tenant("day-one", new QuotaDraft("2.5", Map.of(), "0", "0", "0", "0"));
        tenant("roomy", new QuotaDraft("4", Map.of(), "64", "256Gi", "2Ti", "50"));
        tenant("other", new QuotaDraft("4", Map.of(), "64", "256Gi", "2Ti", "50"));
    }

    @Test
    @WithMockUser(
            username = "dora",
            authorities = {"ROLE_USER", "GROUP_day-one-team"})
    void thePreviewOfANewTenantNamesEveryLimitThatWouldRefuseAndByHowMuch() {
        WorkloadRequestDialog dialog = openNotebookDialog();

        assertThat(dialog.cost.getText())
                .startsWith("Costs 0.14 GPU (1/7 H100); your tenant has 2.5 GPU of 2.5 GPU left")
                .contains("would be refused");
        assertThat(dialog.refusals.getChildren().map(c -> ((ListItem) c).getText()))
                .satisfiesExactly(
                        l -> assertThat(l)
                                .startsWith("Workloads: over by 1 workload — Tenant day-one may run at most 0"),
                        l -> assertThat(l)
                                .startsWith("CPU: over by 2 cores — Needs 2 cores; tenant day-one has 0 cores"),
                        l -> assertThat(l).startsWith("Memory: over by 8 GiB memory"),
                        l -> assertThat(l).startsWith("Storage: over by 20 GiB storage"));
        assertThat(dialog.cpu.isInvalid()).isTrue();
        assertThat(dialog.cpu.getErrorMessage()).isEqualTo("Over the tenant's quota by 2 cores");
        assertThat(dialog.workspace.getErrorMessage()).isEqualTo("Over the tenant's quota by 20 GiB storage");
        assertThat(dialog.gpuCount.isInvalid()).as("the GPUs fit").isFalse();
    }

    @Test
    @WithMockUser(
            username = "dana",
            authorities = {"ROLE_USER", "GROUP_roomy-team"})
    void aStatedNeedPicksTheCheapestCoveringProfileAndSaysWhyOrMarksTheField() {
        WorkloadRequestDialog dialog = openNotebookDialog();
        test(dialog.needMemory).setValue("20");

        assertThat(dialog.gpuProfile.getValue()).isEqualTo("mig-3g.40gb");
        assertThat(dialog.gpuCount.getValue()).isEqualTo("1");
        assertThat(dialog.needPick.isVisible()).isTrue();
        assertThat(dialog.needPick.getText())
                .isEqualTo("Picked 3g.40gb: A 3g.40gb slice covers 20 GB (24 GB with 20 % head-room) and is the"
                        + " cheapest profile that does: 3/7 GPU; it frees 4/7 of the H100 for others.");
        assertThat(dialog.cost.getText()).startsWith("Costs 0.43 GPU (3/7 H100)");

        test(dialog.needMemory).setValue("9000");
        assertThat(dialog.needMemory.isInvalid()).isTrue();
        assertThat(dialog.needMemory.getErrorMessage())
                .startsWith("Nothing in the catalog your tenant may use covers 9000 GB");
        assertThat(dialog.needPick.isVisible()).isFalse();
        assertThat(dialog.gpuProfile.getValue()).as("the last pick stays").isEqualTo("mig-3g.40gb");
    }

    @Test
    @WithMockUser(
            username = "dora",
            authorities = {"ROLE_USER", "GROUP_day-one-team"})
    void aRefusalAtSubmitStaysInTheDialogInsteadOfAToastOverTheInputs() {
        WorkloadRequestDialog dialog = openNotebookDialog();
        test(dialog.name).setValue("first");
        test(dialog.submit).click();

        assertThat(dialog.isOpened()).isTrue();
        assertThat(dialog.problem.isVisible()).isTrue();
        assertThat(dialog.problem.getText()).startsWith("Tenant day-one may run at most 0 workloads and has 0");
        assertThat($(Notification.class).exists()).isFalse();
        assertThat(AsPlatformAdmin.call(() -> workloads.listOfTenant("day-one")))
                .isEmpty();
    }

    @Test
    @WithMockUser(
            username = "dana",
            authorities = {"ROLE_USER", "GROUP_roomy-team"})
    void aNegativeGpuCountIsRefusedAtTheFieldAndNoNegativeCostIsShown() {
        WorkloadRequestDialog dialog = openNotebookDialog();
        test(dialog.gpuCount).setValue("-1");

        assertThat(dialog.gpuCount.isInvalid()).isTrue();
        assertThat(dialog.gpuCount.getErrorMessage()).isEqualTo("At least 1; for no GPU choose None (CPU only)");
        assertThat(dialog.cost.getText())
                .startsWith("Correct the marked fields to see the cost")
                .doesNotContain("-");

        test(dialog.gpuCount).setValue("2");
        assertThat(dialog.gpuCount.isInvalid()).isFalse();
        assertThat(dialog.cost.getText()).startsWith("Costs 0.29 GPU (2/7 H100)");
    }

    @Test
    @WithMockUser(
            username = "dana",
            authorities = {"ROLE_USER", "GROUP_roomy-team"})
    void theDialogAndTheDetailPageSayTheDemoClusterRunsNothing() {
        WorkloadRequestDialog dialog = openNotebookDialog();
        assertThat(dialog.notice.isVisible()).isTrue();
        assertThat(dialog.notice.getText()).startsWith("Demo cluster:").contains("schedules and runs nothing");
        dialog.close();

        WorkloadView nb = workloads.submit(notebook("roomy", "demo-notice"));
        WorkloadDetailView detail = navigate(WorkloadDetailView.class, Map.of("id", Long.toString(nb.id())));
        assertThat(detail.notice.isVisible()).isTrue();
        assertThat(detail.notice.getText()).startsWith("Demo cluster:");
        assertThat(detail.events.getEmptyStateText()).startsWith("No events yet");
        assertThat(detail.facts.getElement().getTextRecursively())
                .contains("1 × 1g.10gb = 0.14 GPU (1/7 H100)")
                .contains("2 cores");
    }

    @Test
    @WithMockUser(
            username = "dana",
            authorities = {"ROLE_USER", "GROUP_roomy-team"})
    void startAfterStopShowsStartingAndNotWhoStoppedIt() {
        WorkloadView nb = workloads.submit(notebook("roomy", "stop-start"));
        WorkloadDetailView detail = navigate(WorkloadDetailView.class, Map.of("id", Long.toString(nb.id())));

        test(detail.stop).click();
        assertThat(detail.status.getText()).isEqualTo("Stopped by dana");
        assertThat(detail.start.isVisible()).isTrue();

        test(detail.start).click();
        assertThat(detail.status.getText()).isEqualTo("Pending: Starting");
        assertThat(detail.start.isVisible()).isFalse();
        assertThat(detail.stop.isVisible()).isTrue();
        WorkloadView after = workloads.get(nb.id());
        assertThat(after.desired()).isEqualTo(DesiredState.RUNNING);
        assertThat(after.phase()).isEqualTo(ObservedPhase.PENDING);
    }

    @Test
    @WithMockUser(
            username = "dana",
            authorities = {"ROLE_USER", "GROUP_roomy-team"})
    void theListShowsMineOrMyTeamsFilteredSortedAndCountedInTheDatabase() {
        workloads.submit(notebook("roomy", "dana-list-b"));
        workloads.submit(notebook("roomy", "dana-list-a"));
        as("omar", "roomy-team", () -> workloads.submit(notebook("roomy", "omar-list")));

        MyWorkloadsView view = navigate(MyWorkloadsView.class);
        WorkloadList list = view.list;
        assertThat(names(list)).contains("dana-list-a", "dana-list-b").doesNotContain("omar-list");

        list.scope.setValue(WorkloadQuery.Scope.MY_TEAMS);
        assertThat(names(list)).contains("dana-list-a", "omar-list");

        test(list.search).setValue("LIST");
        assertThat(names(list)).containsExactlyInAnyOrder("dana-list-a", "dana-list-b", "omar-list");
        assertThat(workloads.count(list.query())).isEqualTo(3);
        assertThat(workloads.find(list.query(), PageRequest.of(0, 2, Sort.by("name"))))
                .extracting(WorkloadView::name)
                .containsExactly("dana-list-a", "dana-list-b");
        assertThat(workloads.find(list.query(), PageRequest.of(1, 2, Sort.by("name"))))
                .extracting(WorkloadView::name)
                .containsExactly("omar-list");

        list.kind.setValue("TRAINING_JOB");
        assertThat(names(list)).isEmpty();
    }

    @Test
    @WithMockUser(
            username = "dana",
            authorities = {"ROLE_USER", "GROUP_roomy-team"})
    void onlyPlatformAdminsListEveryTenant() {
        assertThatThrownBy(
                        () -> workloads.find(WorkloadQuery.of(WorkloadQuery.Scope.ALL_TENANTS), PageRequest.of(0, 10)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> workloads.count(
                        WorkloadQuery.of(WorkloadQuery.Scope.MY_TEAMS).withTenant("other")))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> navigate(AllWorkloadsView.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @WithMockUser(
            username = "admin",
            roles = {"USER", "ADMIN"})
    void aPlatformAdminSeesEveryTenantsWorkloadsAndCanStopOneFromItsRow() {
        WorkloadView mine = as("dana", "roomy-team", () -> workloads.submit(notebook("roomy", "admin-sees-roomy")));
        as("olga", "other-team", () -> workloads.submit(notebook("other", "admin-sees-other")));

        AllWorkloadsView view = navigate(AllWorkloadsView.class);
        test(view.list.search).setValue("admin-sees");
        assertThat(names(view.list)).containsExactlyInAnyOrder("admin-sees-roomy", "admin-sees-other");
        assertThat(view.list.grid.getColumnByKey("tenant").isVisible()).isTrue();

        view.list.tenant.setValue("other");
        assertThat(names(view.list)).containsExactly("admin-sees-other");

        view.list.tenant.setValue("roomy");
        WorkloadView row =
                view.list.grid.getGenericDataView().getItems().findFirst().orElseThrow();
        view.list.stop(row);
        assertThat(workloads.get(mine.id()).statusText()).isEqualTo("Stopped by admin");
        view.list.start(workloads.get(mine.id()));
        assertThat(workloads.get(mine.id()).statusText()).isEqualTo("Pending: Starting");

        view.list.confirmDelete(workloads.get(mine.id()));
        test($(ConfirmDialog.class).single()).confirm();
        assertThat(workloads.get(mine.id()).desired()).isEqualTo(DesiredState.DELETED);
    }

    @Test
    @WithMockUser(
            username = "dana",
            authorities = {"ROLE_USER", "GROUP_roomy-team"})
    void theDialogStartsWithWhatTheApiAppliesToAnOmittedField() {
        MyWorkloadsView view = navigate(MyWorkloadsView.class);
        test(view.training).click();
        WorkloadRequestDialog training = $(WorkloadRequestDialog.class).single();
        WorkloadForm.Training typed = new WorkloadForm.Training(
                "roomy",
                "typed",
                "nvcr.io/nvidia/pytorch:26.10-py3",
                WorkloadForm.lines("python"),
                WorkloadForm.lines(""),
                WorkloadForm.envLines(""),
                "2",
                "8Gi",
                "mig-1g.10gb",
                training.gpuCount.getValue(),
                training.workers.getValue(),
                training.retries.getValue(),
                training.maxRunTime.getValue(),
                "50Gi",
                false);
        // the API hands the service null for every field a body leaves out
        WorkloadForm.Training omitted = new WorkloadForm.Training(
                "roomy",
                "omitted",
                typed.image(),
                WorkloadForm.lines("python"),
                WorkloadForm.lines(null),
                WorkloadForm.envLines(null),
                "2",
                "8Gi",
                "mig-1g.10gb",
                null,
                null,
                null,
                null,
                "50Gi",
                false);
        training.close();
        test(view.inference).click();
        WorkloadRequestDialog inference = $(WorkloadRequestDialog.class).single();
        WorkloadForm.Inference typedEndpoint = new WorkloadForm.Inference(
                "roomy",
                "typed-serve",
                "docker.io/vllm/vllm-openai:v0.12.0",
                inference.port.getValue(),
                "2",
                "8Gi",
                "",
                "",
                inference.minReplicas.getValue(),
                inference.maxReplicas.getValue(),
                inference.targetCpu.getValue(),
                inference.readinessPath.getValue());
        WorkloadForm.Inference omittedEndpoint = new WorkloadForm.Inference(
                "roomy", "omitted-serve", typedEndpoint.image(), null, "2", "8Gi", "", "", null, null, null, null);

        assertThat(workloads.submit(typed).spec())
                .isEqualTo(workloads.submit(omitted).spec());
        assertThat(workloads.submit(typedEndpoint).spec())
                .isEqualTo(workloads.submit(omittedEndpoint).spec())
                .isInstanceOfSatisfying(WorkloadSpec.Inference.class, e -> {
                    assertThat(e.port()).isEqualTo(8000);
                    assertThat(e.maxReplicas()).isEqualTo(e.minReplicas());
                });
    }

    private WorkloadRequestDialog openNotebookDialog() {
        MyWorkloadsView view = navigate(MyWorkloadsView.class);
        test(view.notebook).click();
        return $(WorkloadRequestDialog.class).single();
    }

    private static List<String> names(WorkloadList list) {
        return list.grid.getGenericDataView().getItems().map(WorkloadView::name).toList();
    }

    private static WorkloadForm notebook(String tenant, String name) {
        return new WorkloadForm.Notebook(
                tenant, name, "quay.io/jupyter/scipy-notebook:2026-11-02", "2", "8Gi", "mig-1g.10gb", "1", "20Gi");
    }

    private void tenant(String slug, QuotaDraft quota) {
        AsPlatformAdmin.run(() -> {
            if (tenants.findForInternalUse(slug).isPresent()) {
                return;
            }
            tenants.create(
                    new TenantDraft(slug, slug, null, IsolationTier.SHARED, List.of("eu-central")),
                    tenants.eligibleClusters(List.of("eu-central")));
            memberships.grant(slug, SubjectType.GROUP, slug + "-team", TenantRole.MEMBER);
            quotas.update(slug, QuotaService.NO_QUOTA_YET, quota);
        });
    }

    private static <T> T as(String user, String group, Supplier<T> action) {
        Authentication before = SecurityContextHolder.getContext().getAuthentication();
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        user, null, Authorities.of(Set.of(group), false)));
        try {
            return action.get();
        } finally {
            SecurityContextHolder.getContext().setAuthentication(before);
        }
    }
}
