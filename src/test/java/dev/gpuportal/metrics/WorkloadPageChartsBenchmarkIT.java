package dev.gpuportal.metrics;

import com.vaadin.browserless.SpringBrowserlessTest;
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
import dev.gpuportal.ui.charts.EChart;
import dev.gpuportal.ui.workloads.WorkloadDetailView;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadQuery;
import dev.gpuportal.workload.WorkloadSeeder;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadView;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Figures for a workload's page with its GPU use chart, not a check: the server's render time when the tenant has
 * 500 running notebooks, each with an hour of DCGM series in a real Prometheus (Debian's, loaded by promtool), and
 * how many queries one page view sends to Prometheus, with the client's cache empty and warm. Runs with
 * {@code ./mvnw verify -Pbenchmarks -Dit.test=WorkloadPageChartsBenchmarkIT}.
 */
@SpringBootTest(
        properties = {
            "spring.datasource.url=jdbc:h2:mem:workload-charts-bench;DB_CLOSE_DELAY=-1;QUERY_CACHE_SIZE=64",
            // the figure is the page's, not the timeout's: a loaded machine may answer slower than the 2 s default
            "gpu-portal.metrics.timeout=15s"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkloadPageChartsBenchmarkIT extends SpringBrowserlessTest {

    static final int WORKLOADS = 500;
    static final int RUNS = 30;
    static final BackfilledPrometheus PROMETHEUS = new BackfilledPrometheus("chartbench", WORKLOADS);

    @DynamicPropertySource
    static void prometheus(DynamicPropertyRegistry registry) {
        registry.add("gpu-portal.metrics.prometheus-url", PROMETHEUS::url);
    }

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

    @Autowired
    WorkloadService workloads;

    @Autowired
    PrometheusClient prometheus;

    long viewed;

    @Override
    protected Set<String> scanPackages() {
        return Set.of("dev.gpuportal.ui");
    }

    @BeforeAll
    void fiveHundredRunningNotebooks() {
        AsPlatformAdmin.run(() -> {
            tenants.create(
                    new TenantDraft("chartbench", "Chart bench", null, IsolationTier.SHARED, List.of("eu-central")),
                    tenants.eligibleClusters(List.of("eu-central")));
            memberships.grant("chartbench", SubjectType.GROUP, "chartbench-team", TenantRole.MEMBER);
            quotas.update(
                    "chartbench",
                    QuotaService.NO_QUOTA_YET,
                    new QuotaDraft("200", Map.of(), "4000", "16Ti", "40Ti", "2000"));
            GpuProfile slice = catalog.allForAccounting().stream()
                    .filter(p -> p.getName().equals("mig-1g.10gb"))
                    .findFirst()
                    .orElseThrow();
            long tenantId =
                    tenants.findForInternalUse("chartbench").orElseThrow().getId();
            WorkloadSeeder.notebooks(context, tenantId, slice.getId(), "bea", "nb", WORKLOADS);
            List<WorkloadView> all = workloads.find(
                    WorkloadQuery.of(WorkloadQuery.Scope.ALL_TENANTS).withTenant("chartbench"),
                    PageRequest.of(0, WORKLOADS));
            all.forEach(w -> workloads.recordObservation(w.id(), ObservedPhase.RUNNING, null));
            viewed = all.stream()
                    .filter(w -> w.name().equals("nb-7"))
                    .findFirst()
                    .orElseThrow()
                    .id();
        });
    }

    @AfterAll
    void stopPrometheus() {
        PROMETHEUS.close();
    }

    @Test
    @WithMockUser(
            username = "bea",
            authorities = {"ROLE_USER", "GROUP_chartbench-team"})
    void renderTimeAndQueriesPerView() {
        for (int i = 0; i < 10; i++) { // warm-up: class loading, JIT, Hibernate's query plans
            open(true);
        }
        long[] cold = new long[RUNS];
        long[] warm = new long[RUNS];
        long coldQueries = 0;
        long warmQueries = 0;
        for (int i = 0; i < RUNS; i++) {
            long before = prometheus.requestsSent();
            cold[i] = open(true);
            coldQueries += prometheus.requestsSent() - before;
            before = prometheus.requestsSent();
            warm[i] = open(false);
            warmQueries += prometheus.requestsSent() - before;
        }
        Arrays.sort(cold);
        Arrays.sort(warm);
        System.out.printf(
                "BENCHMARK workload page with GPU use chart, tenant of %d running notebooks, real Prometheus: cache"
                        + " empty median %d ms (p90 %d, max %d), %.1f Prometheus queries per view; cache warm median"
                        + " %d ms (p90 %d, max %d), %.1f queries per view; over %d renders each%n",
                WORKLOADS,
                cold[RUNS / 2],
                cold[RUNS * 9 / 10],
                cold[RUNS - 1],
                (double) coldQueries / RUNS,
                warm[RUNS / 2],
                warm[RUNS * 9 / 10],
                warm[RUNS - 1],
                (double) warmQueries / RUNS,
                RUNS);
    }

    /** Opens the page afresh (from another page) and returns the server's time for it, in ms. */
    private long open(boolean emptyCache) {
        navigate("", com.vaadin.flow.component.Component.class);
        if (emptyCache) {
            prometheus.forget();
        }
        long start = System.nanoTime();
        WorkloadDetailView view = navigate(WorkloadDetailView.class, Map.of("id", Long.toString(viewed)));
        roundTrip();
        long millis = (System.nanoTime() - start) / 1_000_000;
        String chart = $(EChart.class).all().stream()
                .map(c -> c.getElement().getAttribute("aria-label"))
                .findFirst()
                .orElse(null);
        if (chart == null || !chart.contains("Compute peak 40 %")) {
            throw new AssertionError("the page charts the notebook's hour of use: "
                    + view.getElement().getTextRecursively());
        }
        return millis;
    }
}
