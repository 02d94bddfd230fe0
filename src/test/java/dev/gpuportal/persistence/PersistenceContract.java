package dev.gpuportal.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariDataSource;
import dev.gpuportal.audit.AuditFilter;
import dev.gpuportal.audit.AuditLog;
import dev.gpuportal.base.BusyException;
import dev.gpuportal.base.ConflictException;
import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.gpu.GpuProfileDraft;
import dev.gpuportal.quota.QuotaConsole;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaExceededException;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.quota.QuotaUsage;
import dev.gpuportal.security.PortalUser;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantAccess;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.tenancy.TenantSnapshot;
import dev.gpuportal.tenancy.TenantSnapshots;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadForm;
import dev.gpuportal.workload.WorkloadPage;
import dev.gpuportal.workload.WorkloadQuery;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadSnapshots;
import dev.gpuportal.workload.WorkloadSpec;
import dev.gpuportal.workload.WorkloadView;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the database must do, run on H2 and on a real PostgreSQL: the migrations apply and match the entities
 * (Hibernate validates the schema at start), the catalog is seeded, and the features' data round-trips.
 */
abstract class PersistenceContract {

    static final String RECORD_STATEMENTS = "spring.jpa.properties.hibernate.session_factory.statement_inspector="
            + "dev.gpuportal.persistence.RecordedStatements";

    /** No resync while a test records observations of its own: the reconciler says its word once, at submit. */
    static final String NO_RESYNC = "gpu-portal.kubernetes.resync-interval=1h";

    @Autowired
    DataSource dataSource;

    @Autowired
    GpuCatalog catalog;

    @Autowired
    TenantService tenants;

    @Autowired
    MembershipService memberships;

    @Autowired
    TenantAccess access;

    @Autowired
    QuotaService quotas;

    @Autowired
    AuditLog audit;

    @Autowired
    WorkloadService workloads;

    @Autowired
    WorkloadSnapshots snapshots;

    @Autowired
    TenantSnapshots tenantSnapshots;

    @Autowired
    PlatformTransactionManager transactions;

    abstract String expectedDatabase();

    /** The ids of the database's open sessions (connections), as the server lists them. */
    abstract String openSessionsQuery();

    /** A statement parameter that the database reads as a JSON document (not as a JSON string). */
    abstract String jsonParameter();

    @Test
    void runsOnTheExpectedDatabase() throws Exception {
        try (var connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo(expectedDatabase());
        }
    }

    @Test
    void theGpuCatalogIsSeededWithExactFractions() {
        Map<String, String> fractions = AsPlatformAdmin.call(() -> catalog.all().stream()
                .collect(Collectors.toMap(
                        GpuProfile::getName, p -> p.getEquivalent().toFractionString())));
        assertThat(fractions)
                .containsEntry("h100-80gb", "1")
                .containsEntry("mig-1g.10gb", "1/7")
                .containsEntry("mig-2g.20gb", "2/7")
                .containsEntry("mig-3g.40gb", "3/7")
                .containsEntry("mig-4g.40gb", "4/7")
                .containsEntry("mig-7g.80gb", "1")
                .containsEntry("shared-l4", "1/2")
                .hasSize(8);
    }

    @Test
    void tenantsMembershipsAndQuotasWithCapsRoundTrip() {
        String slug = "db-" + UUID.randomUUID().toString().substring(0, 8);
        AsPlatformAdmin.run(() -> {
            tenants.create(new TenantDraft(
                    slug, "Round trip", "desc", IsolationTier.SHARED, List.of("eu-central", "us-east")));
            memberships.grant(slug, SubjectType.GROUP, "rt-team", TenantRole.MEMBER);
            memberships.grant(slug, SubjectType.USER, "rt-lead", TenantRole.TENANT_ADMIN);
            quotas.update(
                    slug,
                    QuotaService.NO_QUOTA_YET,
                    new QuotaDraft("2.5", Map.of("mig-1g.10gb", "4"), "32", "128Gi", "1Ti", "10"));
        });
        AsPlatformAdmin.run(() -> {
            var tenant = tenants.get(slug);
            assertThat(tenant.getAllowedRegions()).containsExactly("eu-central", "us-east");
            var quota = quotas.quotaOf(slug);
            assertThat(quota.limits().gpus().toFractionString()).isEqualTo("5/2");
            assertThat(quota.caps())
                    .singleElement()
                    .satisfies(c -> assertThat(c.max()).isEqualTo(4));
            assertThat(quota.limits().memoryBytes()).isEqualTo(128L << 30);
        });
        PortalUser member = new PortalUser("someone", "Someone", null, Set.of("rt-team"), false);
        PortalUser lead = new PortalUser("rt-lead", "Lead", null, Set.of(), false);
        assertThat(access.rolesOf(member)).containsEntry(slug, TenantRole.MEMBER);
        assertThat(access.rolesOf(lead)).containsEntry(slug, TenantRole.TENANT_ADMIN);
        assertThat(access.rolesOf(new PortalUser("x", "X", null, Set.of(), false)))
                .doesNotContainKey(slug);
    }

    @Test
    void aWorkloadsSpecIsStoredTypedAndReadBackWhole() {
        String slug = "spec-" + UUID.randomUUID().toString().substring(0, 8);
        WorkloadView job = AsPlatformAdmin.call(() -> {
            tenantWithQuota(slug, "Spec", new QuotaDraft("2", Map.of(), "32", "128Gi", "1Ti", "10"));
            return workloads.submit(new WorkloadForm.Training(
                    slug,
                    "bert",
                    "nvcr.io/nvidia/pytorch:26.10-py3",
                    List.of("python", "train.py"),
                    List.of("--epochs", "3"),
                    List.of(new WorkloadForm.EnvVar("LR", "0.001")),
                    "4",
                    "16Gi",
                    "mig-1g.10gb",
                    "1",
                    "2",
                    "1",
                    "2h",
                    "10Gi",
                    false));
        });

        WorkloadSpec stored = snapshots.find(job.id()).orElseThrow().spec();
        assertThat(stored).isEqualTo(job.spec()).isInstanceOfSatisfying(WorkloadSpec.Training.class, t -> {
            assertThat(t.command()).containsExactly("python", "train.py");
            assertThat(t.args()).containsExactly("--epochs", "3");
            assertThat(t.env()).containsExactly(Map.entry("LR", "0.001"));
            assertThat(t.fastInterconnect()).isFalse();
        });

        // a spec stored before training jobs could ask for the fast interconnect reads back as not asking for it
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String json = jdbc.queryForObject("select spec from workload_request where id = ?", String.class, job.id());
        assertThat(json).containsPattern("\"fastInterconnect\": ?false"); // PostgreSQL's jsonb adds spaces
        jdbc.update(
                "update workload_request set spec = " + jsonParameter() + " where id = ?",
                json.replaceAll(", ?\"fastInterconnect\": ?false", ""),
                job.id());
        assertThat(jdbc.queryForObject("select spec from workload_request where id = ?", String.class, job.id()))
                .doesNotContain("fastInterconnect");
        assertThat(snapshots.find(job.id()).orElseThrow().spec()).isEqualTo(stored);
    }

    @Test
    void checkConstraintsKeepTakingWritesAfterThePoolRetiresEveryConnection() throws Exception {
        String slug = "retired-" + UUID.randomUUID().toString().substring(0, 8);
        AsPlatformAdmin.run(() -> {
            tenantWithQuota(slug, "Retired connections", new QuotaDraft("1", Map.of(), "8", "32Gi", "1Ti", "10"));
        });
        Set<String> opened = openSessions();
        // What the pool does to each connection after its max-lifetime (30 minutes), here to all of them at once:
        // among them the one that ran the migrations.
        dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (openSessions().stream().anyMatch(opened::contains)) {
            assertThat(System.nanoTime()).as("the retired connections close").isLessThan(deadline);
            Thread.sleep(50);
        }

        WorkloadView notebook = AsPlatformAdmin.call(() -> {
            memberships.grant(slug, SubjectType.USER, "after-retire", TenantRole.MEMBER);
            return workloads.submit(new WorkloadForm.Notebook(
                    slug, "after-retire", "quay.io/jupyter/base-notebook:2026-11-02", "1", "2Gi", "", "", "1Gi"));
        });
        reconcilerHasSpoken(notebook.id());
        workloads.recordObservation(notebook.id(), ObservedPhase.RUNNING, "Running");

        assertThat(AsPlatformAdmin.call(() -> workloads.get(notebook.id()).phase()))
                .isEqualTo(ObservedPhase.RUNNING);
        try (var connection = dataSource.getConnection();
                var update = connection.prepareStatement("update workload_request set kind = ? where id = ?")) {
            update.setString(1, "NO_SUCH_KIND");
            update.setLong(2, notebook.id());
            assertThatThrownBy(update::executeUpdate)
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(e.getMessage().toLowerCase(java.util.Locale.ROOT))
                            .contains("ck_workload_kind")
                            .doesNotContain("invalid"));
        }
    }

    @Test
    void anObservationWritesTheStatusColumnsOnlyAndOnlyWhenTheyChange() {
        String slug = "observed-" + UUID.randomUUID().toString().substring(0, 8);
        WorkloadView notebook = AsPlatformAdmin.call(() -> {
            tenantWithQuota(slug, "Observed", new QuotaDraft("1", Map.of(), "8", "32Gi", "1Ti", "10"));
            return workloads.submit(new WorkloadForm.Notebook(
                    slug, "observed", "quay.io/jupyter/base-notebook:2026-11-02", "1", "2Gi", "", "", "1Gi"));
        });
        WorkloadView said = reconcilerHasSpoken(notebook.id());
        RecordedStatements.drain();

        workloads.recordObservation(notebook.id(), ObservedPhase.RUNNING, "Running");
        List<String> first = RecordedStatements.drain();
        workloads.recordObservation(notebook.id(), ObservedPhase.RUNNING, "Running");
        List<String> again = RecordedStatements.drain();

        assertThat(first)
                .filteredOn(sql -> sql.toLowerCase(java.util.Locale.ROOT).startsWith("update"))
                .singleElement()
                .satisfies(sql -> assertThat(sql.toLowerCase(java.util.Locale.ROOT))
                        .contains("observed_phase")
                        .doesNotContain("spec")
                        .doesNotContain("kind")
                        .doesNotContain("desired_state"));
        assertThat(again)
                .noneMatch(sql -> sql.toLowerCase(java.util.Locale.ROOT).startsWith("update"));
        WorkloadView shown = AsPlatformAdmin.call(() -> workloads.get(notebook.id()));
        assertThat(shown.phase()).isEqualTo(ObservedPhase.RUNNING);
        assertThat(shown.version()).isEqualTo(said.version() + 1);
        assertThat(shown.spec()).isEqualTo(notebook.spec());
    }

    @Test
    void anAdmissionThatCannotGetItsTenantsQuotaInTimeIsRefusedAsBusyAndChangesNothing() throws Exception {
        String slug = "busy-" + UUID.randomUUID().toString().substring(0, 8);
        AsPlatformAdmin.run(() -> {
            tenantWithQuota(slug, "Busy", new QuotaDraft("1", Map.of(), "8", "32Gi", "1Ti", "10"));
        });
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        // another transaction keeps the tenant's quota row far longer than an admission waits for it
        Future<?> held = holder.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            new JdbcTemplate(dataSource)
                    .queryForList(
                            "select q.tenant_id from tenant_quota q join tenant t on t.id = q.tenant_id"
                                    + " where t.slug = ? for update",
                            slug);
            locked.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            assertThat(locked.await(20, TimeUnit.SECONDS)).isTrue();
            assertTimeoutPreemptively(
                    Duration.ofSeconds(20),
                    () -> assertThatThrownBy(() -> AsPlatformAdmin.run(() -> workloads.submit(notebook(slug, "waits"))))
                            .isInstanceOf(BusyException.class)
                            .hasMessage("Tenant " + slug + " is admitting other workloads right now: nothing was"
                                    + " changed, try again in a moment"));
        } finally {
            release.countDown();
            held.get(30, TimeUnit.SECONDS);
            holder.shutdown();
        }

        AsPlatformAdmin.run(() -> {
            assertThat(workloads.listOfTenant(slug)).isEmpty();
            assertThat(audit.list(new AuditFilter(null, slug, "workload", null, null), 10))
                    .isEmpty();
            workloads.submit(notebook(slug, "waits"));
            assertThat(workloads.listOfTenant(slug))
                    .singleElement()
                    .satisfies(w -> assertThat(w.name()).isEqualTo("waits"));
        });
    }

    /**
     * Waits for what the reconciler says of a new workload of a tenant placed on no cluster, so that it does not
     * overwrite what the test records next.
     */
    private WorkloadView reconcilerHasSpoken(long id) {
        return org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> AsPlatformAdmin.call(() -> workloads.get(id)),
                        w -> w.reason() != null && w.reason().contains("not placed on any cluster"));
    }

    private static WorkloadForm.Notebook notebook(String slug, String name) {
        return new WorkloadForm.Notebook(
                slug, name, "quay.io/jupyter/base-notebook:2026-11-02", "1", "2Gi", "", "", "1Gi");
    }

    private Set<String> openSessions() throws SQLException {
        Set<String> ids = new java.util.HashSet<>();
        try (var connection = dataSource.getConnection();
                var rows = connection.createStatement().executeQuery(openSessionsQuery())) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    @Test
    void twentyParallelRequestsForTheLastThreeSlicesAdmitExactlyThree() throws Exception {
        String slug = "admit-" + UUID.randomUUID().toString().substring(0, 8);
        AsPlatformAdmin.run(() -> {
            tenantWithQuota(slug, "Admission race", new QuotaDraft("3/7", Map.of(), "64", "256Gi", "2Ti", "50"));
        });
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = "racer-" + i;
            results.add(pool.submit(() -> {
                go.await();
                try {
                    AsPlatformAdmin.run(() -> workloads.submit(new WorkloadForm.Notebook(
                            slug,
                            name,
                            "quay.io/jupyter/pytorch-notebook:cuda12-2026-11-02",
                            "1",
                            "2Gi",
                            "mig-1g.10gb",
                            "1",
                            "1Gi")));
                    return "admitted";
                } catch (QuotaExceededException refused) {
                    return refused.getMessage();
                }
            }));
        }
        go.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> result : results) {
            outcomes.add(result.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(outcomes).filteredOn("admitted"::equals).hasSize(3);
        assertThat(outcomes)
                .filteredOn(o -> !o.equals("admitted"))
                .hasSize(17)
                .allSatisfy(refusal -> assertThat(refusal)
                        .startsWith("Needs 0.14 GPU (1/7 H100) for 1 × 1g.10gb; tenant " + slug + " has 0 GPU of"));
        AsPlatformAdmin.run(() -> {
            assertThat(workloads.listOfTenant(slug)).hasSize(3);
            assertThat(quotas.usageOf(slug).gpusUsed().toFractionString()).isEqualTo("3/7");
        });
    }

    @Test
    void aStaleQuotaEditIsRefusedWithWhoChangedIt() {
        String slug = "race-" + UUID.randomUUID().toString().substring(0, 8);
        AsPlatformAdmin.run(() -> {
            tenantWithQuota(slug, "Race", new QuotaDraft("1", Map.of(), "1", "1Gi", "1Gi", "1"));
            long seen = quotas.quotaOf(slug).version();
            quotas.update(slug, seen, new QuotaDraft("2", Map.of(), "1", "1Gi", "1Gi", "1"));
            assertThatThrownBy(() -> quotas.update(slug, seen, new QuotaDraft("3", Map.of(), "1", "1Gi", "1Gi", "1")))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("was changed by system");
            assertThat(quotas.quotaOf(slug).limits().gpus().toFractionString()).isEqualTo("2");
        });
    }

    @Test
    void theAuditLogFiltersByActorTenantKindAndTime() {
        String slug = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        Instant before = Instant.now().minusSeconds(1);
        AsPlatformAdmin.run(() -> {
            tenants.create(new TenantDraft(slug, "Audited", null, IsolationTier.SHARED, List.of()));
            memberships.grant(slug, SubjectType.GROUP, "auditors", TenantRole.VIEWER);
            var events = audit.list(new AuditFilter("system", slug, null, before, null), 50);
            assertThat(events)
                    .extracting(e -> e.getEntityType() + ":" + e.getAction())
                    .containsExactlyInAnyOrder("tenant:CREATE", "membership:CREATE");
            assertThat(audit.list(new AuditFilter(null, slug, "membership", null, null), 50))
                    .singleElement()
                    .satisfies(e ->
                            assertThat(e.getAfterState()).contains("auditors").contains("VIEWER"));
            assertThat(audit.list(new AuditFilter(null, slug, null, null, before), 50))
                    .isEmpty();
            assertThat(audit.list(new AuditFilter("nobody", slug, null, null, null), 50))
                    .isEmpty();
        });
    }

    @Test
    void everyTenantsUsageIsSummedByTheDatabaseInTheSameFewStatementsHoweverManyWorkloadsItHas() {
        String slug = "sum-" + UUID.randomUUID().toString().substring(0, 8);
        AsPlatformAdmin.run(() -> {
            tenantWithQuota(slug, "Summed", new QuotaDraft("8", Map.of(), "64", "256Gi", "2Ti", "50"));
            for (int i = 0; i < 3; i++) {
                workloads.submit(notebook(slug, "slice-" + i, "mig-1g.10gb", "1"));
            }
            workloads.submit(notebook(slug, "whole", "h100-80gb", "2"));
            workloads.submit(notebook(slug, "cpu-only", "", "0"));
        });
        WorkloadView stopped =
                AsPlatformAdmin.call(() -> workloads.submit(notebook(slug, "stopped", "h100-80gb", "1")));
        // the reconciler's first status write may move the version under a stop sent at once: the stop is retried
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> AsPlatformAdmin.call(() -> workloads.stop(stopped.id())) != null);
        RecordedStatements.drain();
        QuotaConsole console = AsPlatformAdmin.call(() -> quotas.console(slug, 50));
        QuotaUsage usage = console.shown().getFirst();
        List<String> sent = RecordedStatements.drain();

        // 3 × 1/7 + 2 whole GPUs; the stopped one keeps only its volume; 5 running pods of 1 CPU and 2 GiB each
        assertThat(usage.gpusUsed().toFractionString()).isEqualTo("17/7");
        assertThat(usage.workloads()).isEqualTo(6);
        assertThat(usage.usedCpuMillis()).isEqualTo(5000);
        assertThat(usage.usedMemoryBytes()).isEqualTo(5L * (2L << 30));
        assertThat(usage.usedStorageBytes()).isEqualTo(6L << 30);
        QuotaUsage one = AsPlatformAdmin.call(() -> quotas.usageOf(slug));
        assertThat(one.describeGpus()).isEqualTo(usage.describeGpus());
        assertThat(List.of(one.usedCpuMillis(), one.usedMemoryBytes(), one.usedStorageBytes(), (long) one.workloads()))
                .containsExactly(usage.usedCpuMillis(), usage.usedMemoryBytes(), usage.usedStorageBytes(), 6L);
        // the quotas' GPU caps too are read for all tenants at once, not once per tenant
        assertThat(sent)
                .filteredOn(sql -> sql.toLowerCase(java.util.Locale.ROOT).contains("quota_profile_cap"))
                .hasSizeLessThanOrEqualTo(1);
        // the page's usage and the total in use over every tenant: one aggregate each
        assertThat(sent)
                .filteredOn(sql -> sql.toLowerCase(java.util.Locale.ROOT).contains("from workload_request"))
                .hasSize(2)
                .allSatisfy(sql -> assertThat(sql.toLowerCase(java.util.Locale.ROOT))
                        .contains("sum(")
                        .contains("group by"));
        // no statement reads every tenant's row whole: the page is found, counted and summed by the database
        assertThat(sent)
                .filteredOn(sql -> sql.toLowerCase(java.util.Locale.ROOT).contains("from tenant "))
                .allSatisfy(sql -> assertThat(sql.toLowerCase(java.util.Locale.ROOT))
                        .containsAnyOf("like", "count(", "sum(", "fetch first", "limit", "offset"));
        assertThat(console.matching()).isEqualTo(1);
        assertThat(console.used().compareTo(usage.gpusUsed())).isGreaterThanOrEqualTo(0);
        assertThat(console.quota().compareTo(GpuAmount.of(8, 1))).isGreaterThanOrEqualTo(0);
    }

    @Test
    void usageIsSummedAgainOnlyAfterAWorkloadChangesWhatItHolds() {
        String slug = "kept-" + UUID.randomUUID().toString().substring(0, 8);
        WorkloadView first = AsPlatformAdmin.call(() -> {
            tenantWithQuota(slug, "Kept", new QuotaDraft("8", Map.of(), "64", "256Gi", "2Ti", "50"));
            return workloads.submit(notebook(slug, "first", "h100-80gb", "1"));
        });
        assertThat(gpusUsedInConsole(slug)).isEqualTo("1");

        RecordedStatements.drain();
        assertThat(gpusUsedInConsole(slug)).isEqualTo("1");
        assertThat(RecordedStatements.drain())
                .as("nothing changed: the sums are kept")
                .noneSatisfy(sql ->
                        assertThat(sql.toLowerCase(java.util.Locale.ROOT)).contains("from workload_request"));

        AsPlatformAdmin.run(() -> workloads.submit(notebook(slug, "second", "h100-80gb", "2")));
        assertThat(gpusUsedInConsole(slug)).isEqualTo("3");
        assertThat(AsPlatformAdmin.call(() -> quotas.usageOf(slug).gpusUsed().toFractionString()))
                .isEqualTo("3");
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> AsPlatformAdmin.call(() -> workloads.delete(first.id())) != null);
        assertThat(gpusUsedInConsole(slug)).isEqualTo("2");
    }

    private String gpusUsedInConsole(String slug) {
        return AsPlatformAdmin.call(() -> quotas.console(slug, 50))
                .shown()
                .getFirst()
                .gpusUsed()
                .toFractionString();
    }

    @Test
    void theQuotaConsoleFindsWhatWasTypedAsWrittenInAnyCaseAndCountsEveryMatch() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        AsPlatformAdmin.run(() -> {
            tenants.create(new TenantDraft("lit-a-" + id, "Under_score " + id, null, IsolationTier.SHARED, List.of()));
            tenants.create(new TenantDraft("lit-b-" + id, "UnderXscore " + id, null, IsolationTier.SHARED, List.of()));
        });

        // "_" is no wildcard for the database here
        QuotaConsole literal = AsPlatformAdmin.call(() -> quotas.console("under_SCORE " + id, 50));
        assertThat(literal.shown()).extracting(u -> u.quota().tenantSlug()).containsExactly("lit-a-" + id);
        QuotaConsole firstOfTwo = AsPlatformAdmin.call(() -> quotas.console(id.toUpperCase(), 1));
        assertThat(firstOfTwo.shown()).extracting(u -> u.quota().tenantSlug()).containsExactly("lit-a-" + id);
        assertThat(firstOfTwo.matching()).isEqualTo(2);
        assertThat(firstOfTwo.more()).isTrue();
        assertThat(firstOfTwo.activeTenants()).isGreaterThanOrEqualTo(2);
        assertThat(AsPlatformAdmin.call(() -> quotas.console("100%", 50)).matching())
                .isZero();
    }

    @Test
    void theCatalogIsReadOnceWhileItStaysAndAgainWhenItChanges() {
        catalog.allForAccounting();
        RecordedStatements.drain();
        List<GpuProfile> first = catalog.allForAccounting();
        assertThat(catalog.allForAccounting()).isSameAs(first);
        assertThat(RecordedStatements.drain())
                .as("only the catalog's stamp, no profile rows")
                .hasSize(2)
                .allSatisfy(sql ->
                        assertThat(sql.toLowerCase(java.util.Locale.ROOT)).contains("count("));

        GpuProfile seeded = first.getFirst();
        var draft = seeded.toDraft();
        var renamed = new GpuProfileDraft(
                draft.name(),
                draft.displayName() + " (probe)",
                draft.shortLabel(),
                draft.gpuModel(),
                draft.kind(),
                draft.resourceName(),
                draft.equivalent(),
                draft.enabled());
        GpuProfile edited = AsPlatformAdmin.call(() -> catalog.update(seeded.getId(), seeded.getVersion(), renamed));
        try {
            assertThat(accountedDisplayNameOf(seeded))
                    .as("an edit shows at once")
                    .endsWith("(probe)");
        } finally {
            AsPlatformAdmin.run(() -> catalog.update(seeded.getId(), edited.getVersion(), draft));
        }
        assertThat(accountedDisplayNameOf(seeded)).isEqualTo(draft.displayName());
    }

    @Test
    void aCatalogReadInsideALongerTransactionIsNotKeptAsTheNewerCatalog() throws Exception {
        GpuProfile seeded = catalog.allForAccounting().getFirst();
        String displayName = seeded.getDisplayName();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        try {
            new TransactionTemplate(transactions).executeWithoutResult(tx -> {
                // a longer transaction (a background pass) has the profile loaded before it is edited elsewhere
                // (another replica: no event here) ...
                catalog.byIdForAccounting(seeded.getId()).orElseThrow();
                CompletableFuture.runAsync(() -> rename(jdbc, seeded, displayName + " (edited meanwhile)"))
                        .join();
                // ... and then reads the catalog: it gets its own, older profile
                assertThat(accountedDisplayNameOf(seeded)).isEqualTo(displayName);
            });
            assertThat(accountedDisplayNameOf(seeded))
                    .as("the edit shows to everyone after that transaction")
                    .endsWith("(edited meanwhile)");
        } finally {
            rename(jdbc, seeded, displayName);
        }
        assertThat(accountedDisplayNameOf(seeded)).isEqualTo(displayName);
    }

    private static void rename(JdbcTemplate jdbc, GpuProfile profile, String displayName) {
        jdbc.update(
                "update gpu_profile set display_name = ?, version = version + 1 where id = ?",
                displayName,
                profile.getId());
    }

    private String accountedDisplayNameOf(GpuProfile profile) {
        return catalog.allForAccounting().stream()
                .filter(p -> p.getId().equals(profile.getId()))
                .map(GpuProfile::getDisplayName)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void everyTenantsSnapshotWithItsMembersIsReadInTwoStatementsHoweverManyTenantsThereAre() {
        String prefix = "snap-" + UUID.randomUUID().toString().substring(0, 6);
        AsPlatformAdmin.run(() -> {
            for (int t = 0; t < 3; t++) {
                tenants.create(
                        new TenantDraft(prefix + "-" + t, "Snapshot " + t, null, IsolationTier.SHARED, List.of()));
            }
            memberships.grant(prefix + "-0", SubjectType.USER, "zoe", TenantRole.MEMBER);
            memberships.grant(prefix + "-0", SubjectType.GROUP, "snap-team", TenantRole.VIEWER);
            memberships.grant(prefix + "-2", SubjectType.USER, "ann", TenantRole.TENANT_ADMIN);
        });
        RecordedStatements.drain();
        List<TenantSnapshot> all = tenantSnapshots.all();
        assertThat(RecordedStatements.drain()).hasSize(2);

        // the same snapshots, members in the same order, as reading each tenant on its own
        assertThat(all)
                .extracting(TenantSnapshot::slug)
                .containsExactlyElementsOf(tenantSnapshots.allSlugs())
                .contains(prefix + "-0", prefix + "-1", prefix + "-2");
        for (TenantSnapshot one : all) {
            assertThat(one).isEqualTo(tenantSnapshots.find(one.slug()).orElseThrow());
        }
    }

    @Test
    void aPageOfEveryTenantsWorkloadsReadsItsOwnRowsTenantsAndCountsOnce() {
        String prefix = "pg-" + UUID.randomUUID().toString().substring(0, 6);
        AsPlatformAdmin.run(() -> {
            for (int t = 0; t < 3; t++) {
                String slug = prefix + "-" + t;
                tenantWithQuota(slug, "Paged " + t, new QuotaDraft("0", Map.of(), "8", "32Gi", "1Ti", "10"));
                workloads.submit(notebook(slug, "first"));
                workloads.submit(notebook(slug, "second"));
            }
        });
        WorkloadQuery everyTenant = WorkloadQuery.of(WorkloadQuery.Scope.ALL_TENANTS);
        RecordedStatements.drain();
        WorkloadPage page = AsPlatformAdmin.call(() -> workloads.findPage(everyTenant, PageRequest.of(0, 4)));
        List<String> sent = RecordedStatements.drain().stream()
                .map(sql -> sql.toLowerCase(java.util.Locale.ROOT))
                .toList();

        assertThat(page.items()).hasSize(4);
        assertThat(page.total()).isEqualTo(AsPlatformAdmin.call(() -> workloads.count(everyTenant)));
        // newest first: the last tenant's two, then the one before
        assertThat(page.items().stream().map(w -> w.tenant() + "/" + w.name()))
                .startsWith(prefix + "-2/second", prefix + "-2/first", prefix + "-1/second", prefix + "-1/first");
        // the page's rows and one count; the tenants of these rows only, never every tenant of the platform
        assertThat(sent)
                .filteredOn(sql -> sql.contains("from workload_request"))
                .hasSize(2);
        assertThat(sent)
                .filteredOn(sql -> sql.contains("from tenant"))
                .allSatisfy(sql -> assertThat(sql).contains("where"));
    }

    /** A shared tenant with its quota (as a platform admin). */
    private void tenantWithQuota(String slug, String name, QuotaDraft quota) {
        tenants.create(new TenantDraft(slug, name, null, IsolationTier.SHARED, List.of()));
        quotas.update(slug, QuotaService.NO_QUOTA_YET, quota);
    }

    private static WorkloadForm.Notebook notebook(String slug, String name, String profile, String count) {
        return new WorkloadForm.Notebook(
                slug, name, "quay.io/jupyter/pytorch-notebook:cuda12-2026-11-02", "1", "2Gi", profile, count, "1Gi");
    }
}
