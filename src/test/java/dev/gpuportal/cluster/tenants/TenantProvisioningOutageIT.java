package dev.gpuportal.cluster.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gpuportal.cluster.registry.OwnedLabels;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantProvisioning;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.testsupport.kubernetes.SimulatedClusterSpringTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Tenants created while the API server does not answer: the passes fail, back off and try again, and every tenant
 * is provisioned once it answers again, without anyone calling the reconciler.
 */
class TenantProvisioningOutageIT extends SimulatedClusterSpringTest {

    static final int TENANTS = 10;

    @Autowired
    TenantService tenants;

    @Autowired
    QuotaService quotas;

    @Autowired
    TenantProvisioning provisioning;

    @Test
    void tenantsCreatedDuringAnApiServerOutageAreProvisionedAfterIt() {
        List<String> slugs =
                IntStream.range(0, TENANTS).mapToObj(i -> "outage-" + i).toList();
        createWhile(slugs, () -> cluster.freezeApiServer(Duration.ofSeconds(20)));
        awaitProvisioned(slugs);
    }

    /**
     * The API server's process stopped while tenants are being provisioned and started again 15 s later: connections
     * are refused meanwhile, the informers' watches end and must be made anew on the new process.
     */
    @Test
    void tenantsProvisionedWhileTheApiServerIsStoppedAndRestartedAreFinishedAfterIt() {
        List<String> slugs =
                IntStream.range(0, TENANTS).mapToObj(i -> "restart-" + i).toList();
        createWhile(slugs, () -> {
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.admin()
                                    .namespaces()
                                    .withName(slugs.getFirst())
                                    .get()
                            != null);
            restartApiServer(Duration.ofSeconds(15));
        });
        awaitProvisioned(slugs);
    }

    private void createWhile(List<String> slugs, Runnable fault) {
        Thread creator = Thread.ofVirtual().start(() -> slugs.forEach(this::create));
        fault.run();
        try {
            creator.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Every tenant READY in the portal, its namespace there and its quota active (the controller-manager, which
     * reconnects to the API server on its own schedule, has filled in the quota's status).
     */
    private void awaitProvisioned(List<String> slugs) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(slugs)
                        .allSatisfy(slug -> assertThat(provisioning.statusOf(slug))
                                .anySatisfy(s -> assertThat(s.phase()).isEqualTo(TenantProvisioning.Phase.READY))));
        assertThat(cluster.admin()
                        .namespaces()
                        .withLabel(OwnedLabels.MANAGED_BY, OwnedLabels.MANAGER)
                        .list()
                        .getItems())
                .extracting(n -> n.getMetadata().getName())
                .containsAll(slugs);
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions() // no status at all until the controller-manager writes one
                .untilAsserted(() -> assertThat(slugs)
                        .allSatisfy(slug -> assertThat(cluster.admin()
                                        .resourceQuotas()
                                        .inNamespace(slug)
                                        .withName(TenantManifests.QUOTA_NAME)
                                        .get()
                                        .getStatus()
                                        .getHard())
                                .isNotEmpty()));
    }

    private void create(String slug) {
        AsPlatformAdmin.run(() -> {
            tenants.create(new TenantDraft(slug, slug, null, IsolationTier.SHARED, List.of()), List.of("sim"));
            quotas.update(slug, QuotaService.NO_QUOTA_YET, new QuotaDraft("1", Map.of(), "8", "32Gi", "1Ti", "5"));
        });
    }
}
