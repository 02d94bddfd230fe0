package dev.gpuportal.quota;

import dev.gpuportal.gpu.GpuAmount;
import java.util.Arrays;
import java.util.List;

/** A shared tenant's clusters and the quota columns sharing needs, read without loading the entities. */
record SharingMemberRow(
        String slug,
        String clusters,
        Long gpuNumerator,
        Long gpuDenominator,
        Long lendingNumerator,
        Long lendingDenominator) {

    boolean livesOn(String cluster) {
        return !clusters.isBlank() && Arrays.asList(clusters.split(",")).contains(cluster);
    }

    ClusterSharing.Member member() {
        if (gpuNumerator == null) {
            return new ClusterSharing.Member(slug, GpuAmount.ZERO, GpuAmount.ZERO);
        }
        GpuAmount guaranteed = GpuAmount.of(gpuNumerator, gpuDenominator);
        SharingLimits limits = new SharingLimits(
                null, lendingNumerator == null ? null : GpuAmount.of(lendingNumerator, lendingDenominator));
        return new ClusterSharing.Member(slug, guaranteed, limits.lendingOf(guaranteed));
    }

    static List<ClusterSharing.Member> on(String cluster, List<SharingMemberRow> rows) {
        return rows.stream()
                .filter(r -> r.livesOn(cluster))
                .map(SharingMemberRow::member)
                .toList();
    }
}
