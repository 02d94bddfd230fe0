package dev.gpuportal.cluster.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.cluster.registry.GpuFamily;
import dev.gpuportal.cluster.registry.KubernetesProperties;
import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.gpu.GpuProfileDraft;
import dev.gpuportal.gpu.GpuProfileKind;
import dev.gpuportal.quota.QuotaLimits;
import dev.gpuportal.quota.SharingLimits;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping of a tenant's quota and sharing limits onto Kueue's objects, and the ResourceQuota behind them. */
class KueueMappingTest {

    static final long GI = 1L << 30;
    static final List<GpuProfile> CATALOG = List.of(
            profile(1, "h100", GpuProfileKind.WHOLE, "nvidia.com/gpu", "1"),
            profile(2, "mig-1g.10gb", GpuProfileKind.MIG, "nvidia.com/mig-1g.10gb", "1/7"));
    static final List<GpuFamily> NODES = List.of(
            new GpuFamily("nvidia.com/gpu", "NVIDIA-H100-80GB-HBM3", 16),
            new GpuFamily("nvidia.com/mig-1g.10gb", "NVIDIA-H100-80GB-HBM3", 28),
            new GpuFamily("nvidia.com/gpu.shared", "NVIDIA-L4", 32));
    static final KubernetesProperties PROPERTIES =
            new KubernetesProperties(List.of(), null, null, "tenant-", "", "", null, 0);
    static final QuotaLimits FOUR_GPUS =
            new QuotaLimits(GpuAmount.whole(4), Map.of(), 32_000, 128 * GI, 1024 * GI, 20, Duration.ZERO);

    @Test
    void byDefaultATenantGuaranteesItsQuotaMayBorrowAsMuchAgainAndLendsEverything() {
        KueueBlueprint queues = TenantBlueprints.kueue(
                "nlp", FOUR_GPUS, SharingLimits.DEFAULT, GpuAmount.ZERO, CATALOG, NODES, PROPERTIES, "gpu-portal");

        assertThat(queues.gpus())
                .containsExactly(
                        new KueueBlueprint.FlavorQuota(
                                "nvidia-h100-80gb-hbm3-gpu", "nvidia.com/gpu", "NVIDIA-H100-80GB-HBM3", 4, 4, 4),
                        new KueueBlueprint.FlavorQuota(
                                "nvidia-h100-80gb-hbm3-mig-1g.10gb",
                                "nvidia.com/mig-1g.10gb",
                                "NVIDIA-H100-80GB-HBM3",
                                28,
                                28,
                                28));
        // the L4 share is offered by nodes but not by the catalog: no flavor for it
        assertThat(queues.namespace()).isEqualTo("tenant-nlp");
        assertThat(queues.clusterQueue()).isEqualTo("gpu-portal-nlp");
    }

    @Test
    void limitsTheAdminSetAreConvertedLikeTheQuotaKeysAndLendingNeverExceedsTheGuarantee() {
        SharingLimits sharing = new SharingLimits(GpuAmount.of(3, 2), GpuAmount.whole(9));

        KueueBlueprint queues =
                TenantBlueprints.kueue("nlp", FOUR_GPUS, sharing, GpuAmount.ZERO, CATALOG, NODES, PROPERTIES, "c");

        assertThat(queues.gpus().getFirst())
                .extracting(
                        KueueBlueprint.FlavorQuota::nominal,
                        KueueBlueprint.FlavorQuota::borrowing,
                        KueueBlueprint.FlavorQuota::lending)
                .containsExactly(4L, 1L, 4L); // 1.5 GPU borrows one whole GPU, or ten 1/7 slices
        assertThat(queues.gpus().get(1).borrowing()).isEqualTo(10);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theClusterQueueSharesOnlyGpusAndReclaimsItsGuaranteeByPreemption() {
        KueueBlueprint queues = TenantBlueprints.kueue(
                "nlp", FOUR_GPUS, SharingLimits.DEFAULT, GpuAmount.ZERO, CATALOG, NODES, PROPERTIES, "gpu-portal");

        List<GenericKubernetesResource> objects = KueueManifests.render(queues);

        assertThat(objects)
                .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .containsExactly(
                        "Cohort/gpu-portal",
                        "ResourceFlavor/gpu-portal-cpu",
                        "ResourceFlavor/nvidia-h100-80gb-hbm3-gpu",
                        "ResourceFlavor/nvidia-h100-80gb-hbm3-mig-1g.10gb",
                        "ClusterQueue/gpu-portal-nlp",
                        "LocalQueue/nlp");
        assertThat(objects.get(2).getAdditionalProperties().get("spec"))
                .isEqualTo(Map.of("nodeLabels", Map.of("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3")));
        Map<String, Object> spec =
                (Map<String, Object>) objects.get(4).getAdditionalProperties().get("spec");
        assertThat(spec)
                .containsEntry("cohortName", "gpu-portal")
                .containsEntry(
                        "preemption",
                        Map.of(
                                "reclaimWithinCohort", "Any",
                                "borrowWithinCohort", Map.of("policy", "Never"),
                                "withinClusterQueue", "LowerPriority"))
                .containsEntry("fairSharing", Map.of("weight", "1"))
                .containsEntry(
                        "namespaceSelector",
                        Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "tenant-nlp")));
        List<Map<String, Object>> groups = (List<Map<String, Object>>) spec.get("resourceGroups");
        assertThat(groups)
                .extracting(g -> g.get("coveredResources"))
                .containsExactly(
                        List.of("cpu", "memory"), List.of("nvidia.com/gpu"), List.of("nvidia.com/mig-1g.10gb"));
        assertThat(groups.getFirst().toString()).contains("borrowingLimit=0", "lendingLimit=0", "nominalQuota=32");
        assertThat(groups.get(1).toString())
                .contains("nominalQuota=4", "borrowingLimit=4", "lendingLimit=4", "nvidia-h100-80gb-hbm3-gpu");
        assertThat(objects.get(5).getMetadata().getNamespace()).isEqualTo("tenant-nlp");
        assertThat(objects.get(5).getAdditionalProperties().get("spec"))
                .isEqualTo(Map.of("clusterQueue", "gpu-portal-nlp"));
    }

    @Test
    void whereKueueSharesGpusTheResourceQuotaAllowsTheBorrowingCeilingAndStaysABackstop() {
        TenantBlueprint hard = TenantBlueprints.blueprint("nlp", FOUR_GPUS, CATALOG, List.of(), PROPERTIES);
        TenantBlueprint shared = TenantBlueprints.sharedBlueprint(
                "nlp", FOUR_GPUS, new SharingLimits(GpuAmount.whole(2), null), CATALOG, List.of(), PROPERTIES);

        assertThat(hard.quotaHard()).containsEntry("requests.nvidia.com/gpu", "4");
        assertThat(shared.quotaHard())
                .containsEntry("requests.nvidia.com/gpu", "6")
                .containsEntry("requests.nvidia.com/mig-1g.10gb", "42")
                .containsEntry("requests.cpu", hard.quotaHard().get("requests.cpu"));
    }

    @Test
    void whatNotebooksHoldIsKeptOutOfTheQueueAndOutOfWhatItLends() {
        KueueBlueprint queues = TenantBlueprints.kueue(
                "nlp", FOUR_GPUS, SharingLimits.DEFAULT, GpuAmount.whole(3), CATALOG, NODES, PROPERTIES, "c");

        assertThat(queues.gpus().getFirst())
                .extracting(
                        KueueBlueprint.FlavorQuota::nominal,
                        KueueBlueprint.FlavorQuota::borrowing,
                        KueueBlueprint.FlavorQuota::lending)
                .containsExactly(1L, 4L, 1L);
        assertThat(TenantBlueprints.kueue(
                                "nlp",
                                FOUR_GPUS,
                                SharingLimits.DEFAULT,
                                GpuAmount.whole(5),
                                CATALOG,
                                NODES,
                                PROPERTIES,
                                "c")
                        .gpus()
                        .getFirst()
                        .nominal())
                .isZero();
    }

    @Test
    void flavorNamesAreValidObjectNames() {
        assertThat(KueueManifests.flavorName("NVIDIA-L4", "nvidia.com/gpu.shared"))
                .isEqualTo("nvidia-l4-gpu.shared");
        assertThat(KueueManifests.flavorName("", "nvidia.com/gpu")).isEqualTo("any-gpu");
        assertThat(KueueManifests.flavorName("Tesla V100_SXM2", "nvidia.com/gpu"))
                .isEqualTo("tesla-v100-sxm2-gpu");
    }

    static GpuProfile profile(long id, String name, GpuProfileKind kind, String resource, String equivalent) {
        try {
            Constructor<GpuProfile> constructor = GpuProfile.class.getDeclaredConstructor(GpuProfileDraft.class);
            constructor.setAccessible(true);
            GpuProfile profile = constructor.newInstance(
                    new GpuProfileDraft(name, name, name, "NVIDIA-H100-80GB-HBM3", kind, resource, equivalent, true));
            Field idField = GpuProfile.class.getDeclaredField("id");
            idField.setAccessible(true);
            idField.set(profile, id);
            return profile;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
