package dev.gpuportal.ui.workloads;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinSession;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.workload.WorkloadSeeder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Figures for the workloads page, not a check: server render time with 1,000 workloads in the tenant (the lazy grid
 * fetches one page), and the size of an idle session's own state after opening it. Not part of the default build
 * (no Test/IT suffix); run with {@code ./mvnw verify -Pbenchmarks} or {@code -Dtest=WorkloadsPageBenchmark}.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:workloads-bench;DB_CLOSE_DELAY=-1;QUERY_CACHE_SIZE=64")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkloadsPageBenchmark extends SpringBrowserlessTest {

    static final int WORKLOADS = 1000;
    static final int RUNS = 30;

    @Autowired
    ApplicationContext context;

    @Autowired
    TenantService tenants;

    @Autowired
    MembershipService memberships;

    @Autowired
    QuotaService quotas;

    @Autowired
    GpuCatalog catalog;

    @Override
    protected Set<String> scanPackages() {
        return Set.of("dev.gpuportal.ui");
    }

    @BeforeAll
    void thousandWorkloads() {
        AsPlatformAdmin.run(() -> {
            tenants.create(
                    new TenantDraft("bench", "Bench", null, IsolationTier.SHARED, List.of("eu-central")),
                    tenants.eligibleClusters(List.of("eu-central")));
            memberships.grant("bench", SubjectType.GROUP, "bench-team", TenantRole.MEMBER);
            quotas.update(
                    "bench",
                    QuotaService.NO_QUOTA_YET,
                    new QuotaDraft("200", Map.of(), "4000", "16Ti", "40Ti", "2000"));
            GpuProfile slice = catalog.allForAccounting().stream()
                    .filter(p -> p.getName().equals("mig-1g.10gb"))
                    .findFirst()
                    .orElseThrow();
            long tenantId = tenants.findForInternalUse("bench").orElseThrow().getId();
            WorkloadSeeder.notebooks(context, tenantId, slice.getId(), "bea", "nb", WORKLOADS);
        });
    }

    @Test
    @WithMockUser(
            username = "bea",
            authorities = {"ROLE_USER", "GROUP_bench-team"})
    void renderTime() {
        for (int i = 0; i < 10; i++) { // warm-up: class loading, JIT, Hibernate's query plans
            navigate(TenantOverviewView.class, Map.of("slug", "bench"));
            openPage();
        }
        long[] millis = new long[RUNS];
        MyWorkloadsView previous = null;
        for (int i = 0; i < RUNS; i++) {
            navigate(TenantOverviewView.class, Map.of("slug", "bench")); // elsewhere first: a fresh page each time
            long start = System.nanoTime();
            MyWorkloadsView view = openPage();
            millis[i] = (System.nanoTime() - start) / 1_000_000;
            if (view == previous || view.list.grid.getDataCommunicator().getItemCount() != WORKLOADS) {
                throw new AssertionError("each render builds the page anew and counts " + WORKLOADS + " workloads");
            }
            previous = view;
        }
        Arrays.sort(millis);
        System.out.printf(
                "BENCHMARK workloads page with %d workloads (lazy grid, first page + count + quota usage): median %d ms,"
                        + " p90 %d ms, min %d ms, max %d ms over %d renders%n",
                WORKLOADS, millis[RUNS / 2], millis[RUNS * 9 / 10], millis[0], millis[RUNS - 1], RUNS);
    }

    /** A fresh session that opened the page once and got its response, then sits idle. */
    @Test
    @WithMockUser(
            username = "bea",
            authorities = {"ROLE_USER", "GROUP_bench-team"})
    void idleSessionSize() throws IOException {
        MyWorkloadsView view = openPage();
        UI ui = view.getUI().orElseThrow();
        // what a real response does: the changes and scripts it sent are no longer held
        ui.getInternals().getStateTree().collectChanges(change -> {});
        ui.getInternals().dumpPendingJavaScriptInvocations();
        long bytes = sessionSize(ui);
        System.out.printf(
                "BENCHMARK idle session after opening the workloads page (%d workloads): %d KB serialized (the"
                        + " session's own state; Spring beans shared by all sessions excluded)%n",
                WORKLOADS, bytes / 1024);
    }

    private MyWorkloadsView openPage() {
        MyWorkloadsView view = navigate(MyWorkloadsView.class);
        roundTrip(); // the grid asks for its first page and the count, as it would for a browser
        return view;
    }

    /** The serialized size of the session's UI state; singletons shared by all sessions are written as a marker. */
    private static long sessionSize(UI ui) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new SharedBeansAsMarkers(bytes)) {
            out.writeObject(VaadinSession.getCurrent());
            out.writeObject(ui); // a back-reference only, if the session wrote it already
        }
        return bytes.size();
    }

    private static final class SharedBeansAsMarkers extends ObjectOutputStream {

        SharedBeansAsMarkers(ByteArrayOutputStream out) throws IOException {
            super(out);
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object obj) {
            return obj instanceof Serializable || obj == null
                    ? obj
                    : "shared:" + obj.getClass().getSimpleName();
        }
    }
}
