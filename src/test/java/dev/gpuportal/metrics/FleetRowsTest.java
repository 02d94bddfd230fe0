package dev.gpuportal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.gpu.CatalogChoice;
import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuProfileKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetRowsTest {

    static final String H100 = "NVIDIA-H100-80GB-HBM3";
    static final CatalogChoice WHOLE =
            new CatalogChoice("h100-80gb", "H100", H100, GpuProfileKind.WHOLE, "nvidia.com/gpu", GpuAmount.ONE);
    static final CatalogChoice SLICE = new CatalogChoice(
            "mig-1g.10gb", "1g.10gb", H100, GpuProfileKind.MIG, "nvidia.com/mig-1g.10gb", GpuAmount.of(1, 7));
    static final List<CatalogChoice> CATALOG = List.of(WHOLE, SLICE);

    @Test
    void allocatedComesFromThePodsRequestsEvenForAPodDcgmDoesNotReport() {
        var offers = List.of(
                new GpuInventory.Offer("sim", "h100-1", H100, "nvidia.com/gpu", 8),
                new GpuInventory.Offer("sim", "h100-mig-1", H100, "nvidia.com/mig-1g.10gb", 14));
        var requests = List.of(
                new GpuInventory.PodRequest("sim", "h100-1", H100, "nlp", "train-abc", "nvidia.com/gpu", 2),
                new GpuInventory.PodRequest("sim", "h100-mig-1", H100, "nlp", "nb-0", "nvidia.com/mig-1g.10gb", 1));
        // DCGM reports only the notebook's slice, at 50 %
        var seen = List.of(new Showback.Point(
                Instant.parse("2026-11-29T20:00:00Z"),
                "nlp",
                "mig-1g.10gb",
                H100,
                GpuAmount.of(1, 7),
                1,
                0.5,
                "h100-mig-1"));

        var rows = FleetRows.tally(offers, requests, seen, Map.of(), CATALOG);

        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.cluster()).isEqualTo("sim");
            assertThat(r.capacity()).isEqualTo(GpuAmount.of(8 * 7 + 14, 7));
            assertThat(r.allocated())
                    .as("2 whole GPUs without DCGM series + 1/7")
                    .isEqualTo(GpuAmount.of(15, 7));
            assertThat(r.used()).isCloseTo(1.0 / 14, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(r.idleAllocated()).isEqualTo(GpuAmount.ZERO);
        });
    }

    @Test
    void withoutMetricsCapacityAndAllocationStillShowAndIdleIsKeptPerClusterAndProduct() {
        var offers = List.of(
                new GpuInventory.Offer("a", "n1", H100, "nvidia.com/gpu", 4),
                new GpuInventory.Offer("b", "n2", "NVIDIA-L4", "nvidia.com/gpu", 2));
        var requests = List.of(new GpuInventory.PodRequest("b", "n2", "NVIDIA-L4", "cv", "p", "nvidia.com/gpu", 1));
        var rows =
                FleetRows.tally(offers, requests, List.of(), Map.of(List.of("a", H100), GpuAmount.of(3, 7)), CATALOG);

        assertThat(rows)
                .extracting(FleetRow::cluster, FleetRow::capacity, FleetRow::allocated, FleetRow::idleAllocated)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "a", GpuAmount.whole(4), GpuAmount.ZERO, GpuAmount.of(3, 7)),
                        org.assertj.core.groups.Tuple.tuple("b", GpuAmount.whole(2), GpuAmount.ONE, GpuAmount.ZERO));
    }

    @Test
    void aResourceTheCatalogDoesNotKnowIsLeftOut() {
        var rows = FleetRows.tally(
                List.of(new GpuInventory.Offer("a", "n1", H100, "nvidia.com/mig-2g.20gb", 3)),
                List.of(new GpuInventory.PodRequest("a", "n1", H100, "x", "p", "nvidia.com/mig-2g.20gb", 1)),
                List.of(),
                Map.of(),
                CATALOG);
        assertThat(rows).isEmpty();
    }
}
