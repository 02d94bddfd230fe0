package dev.gpuportal.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.quota.DemandSum;
import dev.gpuportal.quota.ProfileUnits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UsageSumsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final UsageSums sums = new UsageSums(nanos::get);

    /** The table the sums are read from: GPU units per tenant; every read is recorded with the tenants it asked. */
    private final Map<Long, Long> unitsOf = new ConcurrentHashMap<>(Map.of(1L, 2L, 2L, 4L, 3L, 8L));

    private final List<Collection<Long>> reads = new ArrayList<>();

    private List<DemandSum> read(Collection<Long> tenants) {
        reads.add(List.copyOf(tenants));
        return tenants.stream()
                .filter(unitsOf::containsKey)
                .map(t -> new DemandSum(t, 7L, unitsOf.get(t), 0, 0, 0, 1))
                .toList();
    }

    private static long units(List<DemandSum> of, long tenant) {
        return of.stream()
                .filter(s -> s.tenantId() == tenant)
                .mapToLong(DemandSum::gpuUnits)
                .sum();
    }

    @Test
    void readsOnlyTheTenantsWhoseSumsAreNotKept() {
        assertThat(units(sums.of(List.of(1L, 2L), this::read), 2)).isEqualTo(4);

        List<DemandSum> page = sums.of(List.of(1L, 2L, 3L, 4L), this::read);

        assertThat(reads).containsExactly(List.of(1L, 2L), List.of(3L, 4L));
        assertThat(units(page, 1)).isEqualTo(2);
        assertThat(units(page, 3)).isEqualTo(8);
        assertThat(units(page, 4)).isZero(); // a tenant without workloads is kept as such, not read again
        sums.of(List.of(4L), this::read);
        assertThat(reads).hasSize(2);
    }

    @Test
    void aChangeOfATenantReadsItsSumAgainAndNoOneElses() {
        sums.of(List.of(1L, 2L), this::read);

        unitsOf.put(1L, 3L);
        sums.changed(1);

        assertThat(units(sums.of(List.of(1L, 2L), this::read), 1)).isEqualTo(3);
        assertThat(reads).containsExactly(List.of(1L, 2L), List.of(1L));
    }

    @Test
    void aSumReadWhileItsTenantChangedIsNotServedAfterTheChange() {
        // the read began before the change was committed and saw the old rows
        sums.of(List.of(1L), tenants -> {
            List<DemandSum> old = read(tenants);
            unitsOf.put(1L, 5L);
            sums.changed(1);
            return old;
        });

        assertThat(units(sums.of(List.of(1L), this::read), 1)).isEqualTo(5);
    }

    @Test
    void sumsAreReadAgainAfterTheirTimeToLiveForChangesOfOtherReplicas() {
        sums.of(List.of(1L), this::read);
        unitsOf.put(1L, 6L); // changed through another replica: no event here

        nanos.addAndGet(UsageSums.FRESH_FOR.minusSeconds(1).toNanos());
        assertThat(units(sums.of(List.of(1L), this::read), 1)).isEqualTo(2);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(units(sums.of(List.of(1L), this::read), 1)).isEqualTo(6);
    }

    @Test
    void theTotalInUseIsKeptUntilAnyTenantChanges() {
        AtomicLong totalReads = new AtomicLong();
        List<ProfileUnits> total = List.of(new ProfileUnits(7L, 14));

        sums.inUse(() -> {
            totalReads.incrementAndGet();
            return total;
        });
        sums.inUse(() -> {
            totalReads.incrementAndGet();
            return total;
        });
        assertThat(totalReads).hasValue(1);

        sums.changed(3);
        assertThat(sums.inUse(() -> {
                    totalReads.incrementAndGet();
                    return List.of(new ProfileUnits(7L, 16));
                }))
                .containsExactly(new ProfileUnits(7L, 16));
        assertThat(totalReads).hasValue(2);
    }
}
