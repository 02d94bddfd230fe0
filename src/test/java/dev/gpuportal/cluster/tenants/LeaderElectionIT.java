package dev.gpuportal.cluster.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gpuportal.cluster.engine.WantedState;
import dev.gpuportal.cluster.registry.ClusterRegistry;
import dev.gpuportal.cluster.registry.KubernetesProperties;
import dev.gpuportal.cluster.registry.LeaderElectionProperties;
import dev.gpuportal.cluster.registry.LeaseLeadership;
import dev.gpuportal.cluster.virtual.VirtualClusters;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantProvisioning;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.testsupport.kubernetes.SimulatedClusterSpringTest;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two portal engines on one cluster, each with its own leadership and reconciler: only the one holding the Lease
 * reconciles; when it stops, the lease moves and the other takes over the work that waited.
 */
class LeaderElectionIT extends SimulatedClusterSpringTest {

    @Autowired
    ClusterRegistry registry;

    @Autowired
    WantedState wanted;

    @Autowired
    KubernetesProperties properties;

    @Autowired
    VirtualClusters virtualClusters;

    @Autowired
    TenantService tenants;

    @Autowired
    QuotaService quotas;

    @Test
    void onlyTheLeaderReconcilesAndTheLeaseMovesWhenItStops() {
        LeaderElectionProperties lease = new LeaderElectionProperties(
                true,
                "it-leader-" + ProcessHandle.current().pid(),
                "default",
                Duration.ofSeconds(4),
                Duration.ofSeconds(3),
                Duration.ofMillis(500));
        LeaseLeadership first = new LeaseLeadership(registry, lease);
        await().atMost(Duration.ofSeconds(20)).until(first::isLeader);
        LeaseLeadership second = new LeaseLeadership(registry, lease);
        TenantStatusBoard firstBoard = new TenantStatusBoard(Clock.systemUTC());
        TenantStatusBoard secondBoard = new TenantStatusBoard(Clock.systemUTC());
        TenantReconciler firstEngine =
                new TenantReconciler(registry, wanted, properties, firstBoard, virtualClusters, first, 4);
        TenantReconciler secondEngine =
                new TenantReconciler(registry, wanted, properties, secondBoard, virtualClusters, second, 4);
        try {
            createTenant("lead-one");
            firstEngine.enqueue("lead-one");
            secondEngine.enqueue("lead-one");

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> firstBoard.statusOf("lead-one").stream()
                            .anyMatch(s -> s.phase() == TenantProvisioning.Phase.READY));
            assertThat(second.isLeader()).isFalse();
            assertThat(secondBoard.statusOf("lead-one")).isEmpty();
            assertThat(holder(lease)).isEqualTo(first.identity());

            first.destroy(); // a leader shutting down releases the lease
            await().atMost(lease.leaseDuration().plusSeconds(5)).until(second::isLeader);
            assertThat(holder(lease)).isEqualTo(second.identity());
            // what waited in the follower's queue runs now, and new work goes to the new leader only
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> secondBoard.statusOf("lead-one").stream()
                            .anyMatch(s -> s.phase() == TenantProvisioning.Phase.READY));
            createTenant("lead-two");
            firstEngine.enqueue("lead-two");
            secondEngine.enqueue("lead-two");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> secondBoard.statusOf("lead-two").stream()
                            .anyMatch(s -> s.phase() == TenantProvisioning.Phase.READY));
            assertThat(firstBoard.statusOf("lead-two")).isEmpty();
        } finally {
            firstEngine.destroy();
            secondEngine.destroy();
            first.destroy();
            second.destroy();
        }
    }

    @Test
    void aLeaderRefusedItsLeaseLongerThanItsRenewDeadlineLeadsAgainOnceItMayRenewIt() {
        LeaderElectionProperties lease = new LeaderElectionProperties(
                true,
                "it-refused-" + ProcessHandle.current().pid(),
                "default",
                Duration.ofSeconds(4),
                Duration.ofSeconds(3),
                Duration.ofMillis(500));
        LeaseLeadership alone = new LeaseLeadership(registry, lease);
        List<Boolean> changes = new CopyOnWriteArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(20)).until(alone::isLeader);
            alone.whileLeading(changes::add);
            refusalsExpected(() -> {
                var binding = cluster.admin()
                        .rbac()
                        .roleBindings()
                        .inNamespace(lease.namespace())
                        .withName("gpu-portal-leader-election");
                RoleBinding granted = binding.get();
                binding.delete();
                try {
                    // renewals refused until the deadline, and then the lease cannot even be read to release it
                    await().atMost(Duration.ofSeconds(30)).until(() -> changes.contains(false));
                } finally {
                    granted.getMetadata().setResourceVersion(null);
                    granted.getMetadata().setUid(null);
                    granted.getMetadata().setManagedFields(null);
                    cluster.admin().resource(granted).create();
                }
                await().atMost(Duration.ofSeconds(30)).until(alone::isLeader);
            });
            assertThat(holder(lease)).isEqualTo(alone.identity());
        } finally {
            alone.destroy();
        }
    }

    private String holder(LeaderElectionProperties lease) {
        Lease live = cluster.admin()
                .leases()
                .inNamespace(lease.namespace())
                .withName(lease.leaseName())
                .get();
        return live == null ? null : live.getSpec().getHolderIdentity();
    }

    private void createTenant(String slug) {
        AsPlatformAdmin.run(() -> {
            tenants.create(new TenantDraft(slug, slug, null, IsolationTier.SHARED, List.of()), List.of("sim"));
            quotas.update(slug, QuotaService.NO_QUOTA_YET, new QuotaDraft("1", Map.of(), "8", "32Gi", "1Ti", "5"));
        });
    }
}
