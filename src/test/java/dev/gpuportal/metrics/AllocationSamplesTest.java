package dev.gpuportal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.gpu.CatalogChoice;
import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuProfileKind;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AllocationSamplesTest {

    static final String H100 = "NVIDIA-H100-80GB-HBM3";
    static final String A100 = "NVIDIA-A100-SXM4-80GB";
    static final String L4 = "NVIDIA-L4";
    static final CatalogChoice H100_WHOLE =
            new CatalogChoice("h100-80gb", "H100", H100, GpuProfileKind.WHOLE, "nvidia.com/gpu", GpuAmount.ONE);
    static final CatalogChoice A100_WHOLE =
            new CatalogChoice("a100-80gb", "A100", A100, GpuProfileKind.WHOLE, "nvidia.com/gpu", GpuAmount.ONE);
    static final CatalogChoice H100_SLICE = new CatalogChoice(
            "mig-1g.10gb", "1g.10gb", H100, GpuProfileKind.MIG, "nvidia.com/mig-1g.10gb", GpuAmount.of(1, 7));
    static final CatalogChoice A100_SLICE = new CatalogChoice(
            "a100-mig-1g.10gb", "1g.10gb", A100, GpuProfileKind.MIG, "nvidia.com/mig-1g.10gb", GpuAmount.of(1, 7));
    static final CatalogChoice L4_SHARE = new CatalogChoice(
            "shared-l4", "shared", L4, GpuProfileKind.TIME_SLICED, "nvidia.com/gpu.shared", GpuAmount.of(1, 2));
    static final List<CatalogChoice> CATALOG = List.of(H100_WHOLE, A100_WHOLE, H100_SLICE, A100_SLICE, L4_SHARE);
    static final Map<String, String> TENANTS = Map.of("nlp", "nlp");
    static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    static final Instant T1 = T0.plusSeconds(60);

    @Test
    void kubeStateMetricsNamesExtendedResourcesWithUnderscores() {
        assertThat(RequestedProfiles.ksmName("nvidia.com/gpu")).isEqualTo("nvidia_com_gpu");
        assertThat(RequestedProfiles.ksmName("nvidia.com/mig-1g.10gb")).isEqualTo("nvidia_com_mig_1g_10gb");
        assertThat(RequestedProfiles.ksmName("nvidia.com/gpu.shared")).isEqualTo("nvidia_com_gpu_shared");
    }

    @Test
    void theNodesProductTellsWhichModelsSliceAPodHolds() {
        assertThat(RequestedProfiles.of("nvidia_com_mig_1g_10gb", Optional.of(A100), Optional::empty, CATALOG))
                .contains(A100_SLICE);
        assertThat(RequestedProfiles.of("nvidia_com_mig_1g_10gb", Optional.of(H100), Optional::empty, CATALOG))
                .contains(H100_SLICE);
        assertThat(RequestedProfiles.of("nvidia_com_gpu", Optional.of(A100), Optional::empty, CATALOG))
                .contains(A100_WHOLE);
        assertThat(RequestedProfiles.of("nvidia_com_gpu", Optional.of("NVIDIA-B200"), Optional::empty, CATALOG))
                .as("a product the catalog does not have")
                .isEmpty();
        assertThat(RequestedProfiles.of("nvidia_com_gpu_shared", Optional.of(L4), Optional::empty, CATALOG))
                .contains(L4_SHARE);
    }

    @Test
    void withoutAModelTheWorkloadsProfileOrTheOnlyProfileOfThatResourceDecides() {
        assertThat(RequestedProfiles.of(
                        "nvidia_com_mig_1g_10gb", Optional.empty(), () -> Optional.of(A100_SLICE), CATALOG))
                .contains(A100_SLICE);
        assertThat(RequestedProfiles.of("nvidia_com_mig_1g_10gb", Optional.empty(), Optional::empty, CATALOG))
                .as("two products have that slice: not guessed")
                .isEmpty();
        assertThat(RequestedProfiles.of("nvidia_com_gpu_shared", Optional.empty(), Optional::empty, CATALOG))
                .contains(L4_SHARE);
        assertThat(RequestedProfiles.of(
                        "nvidia_com_mig_1g_10gb", Optional.empty(), () -> Optional.of(H100_WHOLE), CATALOG))
                .as("the workload asks for another resource")
                .isEmpty();
    }

    @Test
    void aPodThatDcgmDoesNotReportIsAllocatedAndCountsAsUnused() {
        var points = AllocationSamples.points(
                List.of(requested("nlp", "lab-0", "nvidia_com_mig_1g_10gb", H100, Map.of(T0, 2.0, T1, 2.0))),
                TENANTS,
                CATALOG,
                (t, pod) -> Optional.empty());
        assertThat(points)
                .containsExactlyInAnyOrder(
                        new Showback.Point(T0, "nlp", "mig-1g.10gb", H100, GpuAmount.of(1, 7), 2, 0, "node-1"),
                        new Showback.Point(T1, "nlp", "mig-1g.10gb", H100, GpuAmount.of(1, 7), 2, 0, "node-1"));
        var rows = Showback.tally(points, Duration.ofMinutes(1), Map.of());
        assertThat(rows.getFirst().allocatedHours()).isEqualTo(GpuAmount.of(1, 105)); // 2/7 GPU for 2 minutes
        assertThat(rows.getFirst().usedHours()).isEqualTo(GpuAmount.ZERO);
    }

    @Test
    void useIsTheMeanComputeOfTheDevicesDcgmReportsForThePod() {
        var points = AllocationSamples.points(
                List.of(
                        requested("nlp", "train-0", "nvidia_com_gpu", H100, Map.of(T0, 2.0)),
                        dcgm("devices", "nlp", "train-0", Map.of(T0, 2.0)),
                        dcgm("busy", "nlp", "train-0", Map.of(T0, 0.9))),
                TENANTS,
                CATALOG,
                (t, pod) -> Optional.empty());
        assertThat(points).singleElement().satisfies(p -> {
            assertThat(p.profile()).isEqualTo("h100-80gb");
            assertThat(p.units()).isEqualTo(2);
            assertThat(p.utilisation()).isCloseTo(0.45, org.assertj.core.data.Offset.offset(1e-9));
        });
    }

    @Test
    void aTimeSlicedShareIsCountedAsItsFractionOfAGpu() {
        var points = AllocationSamples.points(
                List.of(requested("nlp", "nb-0", "nvidia_com_gpu_shared", L4, Map.of(T0, 1.0))),
                TENANTS,
                CATALOG,
                (t, pod) -> Optional.empty());
        var rows = Showback.tally(points, Duration.ofHours(1), Map.of());
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.profile()).isEqualTo("shared-l4");
            assertThat(r.allocatedHours()).isEqualTo(GpuAmount.of(1, 2));
        });
    }

    @Test
    void withoutTheNodeLabelTheModelDcgmReportsDecides() {
        PromSeries devices = dcgm("devices", "nlp", "nb-0", Map.of(T0, 1.0));
        Map<String, String> labels = new HashMap<>(devices.labels());
        labels.put("modelName", "NVIDIA A100-SXM4-80GB");
        var points = AllocationSamples.points(
                List.of(
                        requested("nlp", "nb-0", "nvidia_com_mig_1g_10gb", "", Map.of(T0, 1.0)),
                        new PromSeries(labels, devices.samples())),
                TENANTS,
                CATALOG,
                (t, pod) -> Optional.empty());
        assertThat(points).singleElement().extracting(Showback.Point::profile).isEqualTo("a100-mig-1g.10gb");
    }

    @Test
    void podsOfNamespacesNoTenantOwnsAreLeftOut() {
        assertThat(AllocationSamples.points(
                        List.of(requested("kube-system", "x", "nvidia_com_gpu", H100, Map.of(T0, 1.0))),
                        TENANTS,
                        CATALOG,
                        (t, pod) -> Optional.empty()))
                .isEmpty();
    }

    static PromSeries requested(String ns, String pod, String resource, String product, Map<Instant, Double> values) {
        Map<String, String> labels = new HashMap<>(
                Map.of("series", "requested", "namespace", ns, "pod", pod, "node", "node-1", "resource", resource));
        if (!product.isEmpty()) {
            labels.put(Queries.NODE_PRODUCT, product);
        }
        return new PromSeries(labels, samples(values));
    }

    static PromSeries dcgm(String series, String ns, String pod, Map<Instant, Double> values) {
        return new PromSeries(Map.of("series", series, "namespace", ns, "pod", pod), samples(values));
    }

    private static List<PromSeries.Sample> samples(Map<Instant, Double> values) {
        return values.entrySet().stream()
                .map(e -> new PromSeries.Sample(e.getKey(), e.getValue()))
                .toList();
    }
}
