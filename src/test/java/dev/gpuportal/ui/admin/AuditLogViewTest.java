package dev.gpuportal.ui.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vaadin.browserless.SpringBrowserlessTest;
import dev.gpuportal.audit.AuditAction;
import dev.gpuportal.audit.AuditEvent;
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
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.test.context.support.WithMockUser;

/** The audit log as an admin reads it: what changed from what to what, narrowed by the filter, and exported. */
@SpringBootTest
@WithMockUser(
        username = "admin",
        roles = {"USER", "ADMIN"})
class AuditLogViewTest extends SpringBrowserlessTest {

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
    void aQuotaChangeReadsAsOldToNewAndTheFilterNarrowsToIt() {
        tenants.create(new TenantDraft("audit-view", "Audit view", null, IsolationTier.SHARED, List.of()));
        quotas.update("audit-view", QuotaService.NO_QUOTA_YET, new QuotaDraft("2", Map.of(), "8", "32Gi", "1Ti", "5"));
        long version = quotas.quotaOf("audit-view").version();
        quotas.update("audit-view", version, new QuotaDraft("3", Map.of(), "8", "64Gi", "1Ti", "5"));

        AuditLogView view = navigate(AuditLogView.class);
        test(view.tenant).setValue("audit-view");
        test(view.action).selectItem("update");
        test(view.entityType).selectItem("quota");
        test(view.objectName).setValue("AUDIT-V");
        view.refresh();

        List<AuditEvent> shown = view.grid.getGenericDataView().getItems().toList();
        assertThat(shown).hasSize(1);
        AuditEvent update = shown.getFirst();
        assertThat(update.getAction()).isEqualTo("UPDATE");
        String summary = AuditLogView.summary(update).getText();
        assertThat(summary).contains("→").contains("64Gi");
        assertThat(AuditLogView.changeTable(update).getElement().getTextRecursively())
                .contains("32Gi")
                .contains("64Gi");
    }

    @Test
    void theExportHasTheFilteredEntriesAndIsForAdminsOnly() {
        tenants.create(new TenantDraft("audit-csv", "Audit CSV", null, IsolationTier.SHARED, List.of()));
        tenants.create(new TenantDraft("audit-other", "Audit other", null, IsolationTier.SHARED, List.of()));

        String csv = audit.exportCsv(new AuditFilter(null, "audit-csv", null, AuditAction.CREATE, null, null, null));

        assertThat(csv.lines()).hasSize(2);
        assertThat(csv.lines().toList().get(1)).contains(",admin,create,tenant,audit-csv,audit-csv,");
        assertThat(csv).doesNotContain("audit-other");
    }

    @Test
    @WithMockUser(
            username = "nina",
            authorities = {"ROLE_USER", "GROUP_nlp-team"})
    void aDataScientistCannotExportTheAuditLog() {
        assertThatThrownBy(() -> audit.exportCsv(AuditFilter.all())).isInstanceOf(AccessDeniedException.class);
    }
}
