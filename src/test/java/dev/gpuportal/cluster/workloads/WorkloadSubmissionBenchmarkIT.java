package dev.gpuportal.cluster.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.cluster.tenants.TenantReconciler;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuProfile;
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
import dev.gpuportal.testsupport.kubernetes.SimulatedClusterSpringTest;
import dev.gpuportal.workload.WorkloadForm;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadSpec;
import dev.gpuportal.workload.WorkloadView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Submitting training jobs through the portal's service (what the API and the dialog call: validation, quota
 * admission, storage, then the reconciler applies them) against creating the same PVCs and Jobs with the raw API.
 * Prints throughput, submission latency p50/p99 and the time until every object exists, for both, and their ratio.
 * Figures, not a check: it asserts only that every object arrived.
 */
class WorkloadSubmissionBenchmarkIT extends SimulatedClusterSpringTest {

    /** 1,000 by default; {@code -Dbenchmark.workloads=200} for a quick run. */
    static final int COUNT = Integer.getInteger("benchmark.workloads", 1000);

    static final int TENANTS = 4;
    static final List<String> PROFILES = List.of("mig-1g.10gb", "mig-3g.40gb", "h100-80gb", "");

    @Autowired
    TenantService tenants;

    @Autowired
    MembershipService memberships;

    @Autowired
    QuotaService quotas;

    @Autowired
    TenantReconciler tenantReconciler;

    @Autowired
    WorkloadService workloads;

    @Autowired
    GpuCatalog catalog;

    final KubernetesClient admin = cluster.admin();

    @Test
    void submitTrainingJobsThroughThePortalAndWithTheRawApi() {
        List<String> portalNamespaces =
                IntStream.range(0, TENANTS).mapToObj(t -> "wsb-" + t).toList();
        portalNamespaces.forEach(this::tenant);
        List<String> rawNamespaces =
                IntStream.range(0, TENANTS).mapToObj(t -> "wsb-raw-" + t).toList();
        rawNamespaces.forEach(ns -> admin.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .endMetadata()
                        .build())
                .create());

        long[] portalLatency = new long[COUNT];
        List<WorkloadView> submitted = new ArrayList<>();
        long portalStart = System.nanoTime();
        for (int i = 0; i < COUNT; i++) {
            String tenant = portalNamespaces.get(i % TENANTS);
            signIn(tenant + "-team");
            long t0 = System.nanoTime();
            submitted.add(workloads.submit(training(tenant, "job-" + i, PROFILES.get(i / TENANTS % PROFILES.size()))));
            portalLatency[i] = System.nanoTime() - t0;
        }
        long portalSubmitted = System.nanoTime() - portalStart;
        SecurityContextHolder.clearContext();
        awaitObjects(portalNamespaces);
        long portalConverged = System.nanoTime() - portalStart;

        long[] rawLatency = new long[COUNT];
        long rawStart = System.nanoTime();
        for (int i = 0; i < COUNT; i++) {
            WorkloadView w = submitted.get(i);
            List<HasMetadata> objects = WorkloadManifests.render(blueprint(w, rawNamespaces.get(i % TENANTS)));
            long t0 = System.nanoTime();
            objects.forEach(o -> admin.resource(unlabelled(o)).create());
            rawLatency[i] = System.nanoTime() - t0;
        }
        long rawSubmitted = System.nanoTime() - rawStart;
        awaitObjects(rawNamespaces);
        long rawConverged = System.nanoTime() - rawStart;

        System.out.printf(
                "BENCHMARK workload submission, %d training jobs (PVC + Job each) over %d tenants, profiles %s:%n"
                        + "  portal: %.1f submissions/s, p50 %.1f ms, p99 %.1f ms, all submitted %d ms,"
                        + " all objects exist %d ms%n"
                        + "  raw API: %.1f submissions/s, p50 %.1f ms, p99 %.1f ms, all created %d ms,"
                        + " all objects exist %d ms%n"
                        + "  portal/raw: throughput %.2f, p50 %.2f, p99 %.2f, convergence %.2f%n",
                COUNT,
                TENANTS,
                PROFILES,
                perSecond(portalSubmitted),
                millis(percentile(portalLatency, 50)),
                millis(percentile(portalLatency, 99)),
                portalSubmitted / 1_000_000,
                portalConverged / 1_000_000,
                perSecond(rawSubmitted),
                millis(percentile(rawLatency, 50)),
                millis(percentile(rawLatency, 99)),
                rawSubmitted / 1_000_000,
                rawConverged / 1_000_000,
                perSecond(portalSubmitted) / perSecond(rawSubmitted),
                (double) percentile(portalLatency, 50) / percentile(rawLatency, 50),
                (double) percentile(portalLatency, 99) / percentile(rawLatency, 99),
                (double) portalConverged / rawConverged);
        assertThat(count(portalNamespaces)).isEqualTo(2L * COUNT);
        assertThat(count(rawNamespaces)).isEqualTo(2L * COUNT);
    }

    private void awaitObjects(List<String> namespaces) {
        Awaitility.await()
                .atMost(Duration.ofMinutes(5 + COUNT / 100))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> count(namespaces) == 2L * COUNT);
    }

    /** Jobs plus PVCs in the namespaces. */
    private long count(List<String> namespaces) {
        long total = 0;
        for (String ns : namespaces) {
            total += admin.batch().v1().jobs().inNamespace(ns).list().getItems().size();
            total += admin.persistentVolumeClaims()
                    .inNamespace(ns)
                    .list()
                    .getItems()
                    .size();
        }
        return total;
    }

    private WorkloadBlueprint blueprint(WorkloadView w, String namespace) {
        GpuProfile profile = w.spec().gpuProfile() == null
                ? null
                : AsPlatformAdmin.call(
                        () -> catalog.byName(w.spec().gpuProfile()).orElseThrow());
        return running(
                namespace,
                w.id(),
                w.name(),
                w.spec(),
                profile == null ? null : profile.getResourceName(),
                profile == null ? null : profile.getGpuModel());
    }

    /** A running workload in {@code namespace}, placed anywhere, without Kueue: what the raw API path creates. */
    static WorkloadBlueprint running(
            String namespace, long id, String name, WorkloadSpec spec, String gpuResource, String gpuModel) {
        return new WorkloadBlueprint(
                namespace,
                namespace,
                id,
                name,
                spec,
                gpuResource,
                gpuModel,
                true,
                null,
                null,
                WorkloadPlacement.ANYWHERE,
                false,
                null);
    }

    /** The raw objects carry no portal labels, so the portal's watches leave them alone. */
    private static HasMetadata unlabelled(HasMetadata o) {
        o.getMetadata().setLabels(Map.of("benchmark", "raw"));
        if (o instanceof Job job) {
            job.getSpec().getTemplate().getMetadata().setLabels(Map.of("benchmark", "raw"));
        }
        return o;
    }

    private static WorkloadForm.Training training(String tenant, String name, String profile) {
        return new WorkloadForm.Training(
                tenant,
                name,
                "nvcr.io/nvidia/pytorch:26.10-py3",
                WorkloadForm.lines("python\ntrain.py"),
                WorkloadForm.lines("--epochs\n1"),
                WorkloadForm.envLines(""),
                "1",
                "2Gi",
                profile,
                profile.isEmpty() ? "" : "1",
                "1",
                "0",
                "1h",
                "1Gi",
                false);
    }

    private void tenant(String slug) {
        AsPlatformAdmin.run(() -> {
            tenants.create(new TenantDraft(slug, slug, null, IsolationTier.SHARED, List.of()), List.of("sim"));
            memberships.grant(slug, SubjectType.GROUP, slug + "-team", TenantRole.MEMBER);
            quotas.update(
                    slug,
                    QuotaService.NO_QUOTA_YET,
                    new QuotaDraft("1000", Map.of(), "2000", "4Ti", "2Ti", Integer.toString(COUNT)));
        });
        tenantReconciler.reconcile(slug);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> admin.resourceQuotas()
                                .inNamespace(slug)
                                .withName("gpu-portal-quota")
                                .get()
                        != null);
    }

    private static void signIn(String group) {
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        "bench", null, Authorities.of(Set.of(group), false)));
    }

    private static long percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static double perSecond(long totalNanos) {
        return COUNT / (totalNanos / 1e9);
    }
}
