package dev.gpuportal.cluster.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.cluster.registry.OwnedLabels;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.testsupport.kubernetes.ApiServerRequests;
import dev.gpuportal.testsupport.kubernetes.SimulatedClusterSpringTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A harness for the time to provision tenants on the simulated cluster: one tenant, then 100, each reconciled
 * to completion (namespace, quota, limits, RBAC, network policies applied). Prints the figures; asserts only that
 * every object arrived, since timings on a shared CI machine are no pass/fail criterion.
 */
class TenantProvisioningBenchmarkIT extends SimulatedClusterSpringTest {

    /** 100 by default; {@code -Dbenchmark.tenants=1000} for the larger figure. */
    static final int MANY = Integer.getInteger("benchmark.tenants", 100);

    @Autowired
    TenantService tenants;

    @Autowired
    MembershipService memberships;

    @Autowired
    QuotaService quotas;

    @Autowired
    TenantReconciler reconciler;

    @Autowired
    dev.gpuportal.tenancy.TenantProvisioning provisioning;

    @Test
    void provisionOneTenantThenAHundred() {
        long start = System.nanoTime();
        create("bench-one");
        awaitReady(List.of("bench-one"));
        long oneMillis = (System.nanoTime() - start) / 1_000_000;

        List<String> many = java.util.stream.IntStream.range(0, MANY)
                .mapToObj(i -> "bench-" + i)
                .toList();
        var beforeProvisioning = ApiServerRequests.byVerb(cluster.admin(), TenantProvisioningIT.TENANT_RESOURCES);
        start = System.nanoTime();
        many.forEach(this::create);
        long createdMillis = (System.nanoTime() - start) / 1_000_000;
        awaitReady(many);
        long manyMillis = (System.nanoTime() - start) / 1_000_000;
        var provisioningRequests = ApiServerRequests.since(
                beforeProvisioning, ApiServerRequests.byVerb(cluster.admin(), TenantProvisioningIT.TENANT_RESOURCES));

        var before = ApiServerRequests.byVerb(cluster.admin(), TenantProvisioningIT.TENANT_RESOURCES);
        start = System.nanoTime();
        long writes = many.stream().mapToLong(reconciler::reconcile).sum();
        long resyncMillis = (System.nanoTime() - start) / 1_000_000;
        var sent = ApiServerRequests.since(
                before, ApiServerRequests.byVerb(cluster.admin(), TenantProvisioningIT.TENANT_RESOURCES));

        System.out.printf(
                "BENCHMARK tenant provisioning (create in the portal until Ready, quota active): 1 tenant %d ms;"
                        + " %d tenants %d ms (%d ms of it creating them in the database), requests on tenant objects"
                        + " by verb: %s; a resync of the %d unchanged tenants %d ms with %d writes; requests on tenant objects"
                        + " meanwhile by verb: %s%n",
                oneMillis, MANY, manyMillis, createdMillis, provisioningRequests, MANY, resyncMillis, writes, sent);
        assertThat(writes).isZero();
        assertThat(sent)
                .as("requests on tenant objects during the resync, by verb")
                .isEmpty();
        assertThat(cluster.admin()
                        .namespaces()
                        .withLabel(OwnedLabels.MANAGED_BY, OwnedLabels.MANAGER)
                        .list()
                        .getItems())
                .extracting(n -> n.getMetadata().getName())
                .contains("bench-one", "bench-0", "bench-99");
    }

    private void awaitReady(List<String> slugs) {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofMinutes(3 + MANY / 100))
                .pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> slugs.stream()
                        .allMatch(slug -> provisioning.statusOf(slug).stream()
                                .anyMatch(s -> s.phase() == dev.gpuportal.tenancy.TenantProvisioning.Phase.READY)));
    }

    private void create(String slug) {
        AsPlatformAdmin.run(() -> {
            tenants.create(new TenantDraft(slug, slug, null, IsolationTier.SHARED, List.of()), List.of("sim"));
            memberships.grant(slug, SubjectType.GROUP, slug + "-team", TenantRole.MEMBER);
            quotas.update(slug, QuotaService.NO_QUOTA_YET, new QuotaDraft("2", Map.of(), "16", "64Gi", "1Ti", "5"));
        });
    }
}
