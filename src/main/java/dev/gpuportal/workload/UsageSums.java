package dev.gpuportal.workload;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.gpuportal.quota.DemandSum;
import dev.gpuportal.quota.ProfileUnits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What tenants' workloads hold, as the quota console and the quota pages show it, kept until a workload of the
 * tenant changes what it asks for. Usage changes only when a workload is submitted, stopped, started, moved to other
 * GPUs or deleted, while the database table it is summed from changes all the time (every status the observer
 * writes): summing ten thousand rows at every visit took most of the console's time.
 *
 * <p>A sum is served only while no change of its tenant came after the sum began to be read: each tenant has a
 * generation that {@link #changed} moves on once the change is committed, and a sum remembers the generation it was
 * read at. Admission never reads these sums (it counts its tenant's rows under the quota lock). Changes made through
 * another replica of the portal are seen after {@link #FRESH_FOR} at the latest.
 */
final class UsageSums {

    static final Duration FRESH_FOR = Duration.ofSeconds(10);

    private record Read<T>(long generation, T value) {}

    private final Map<Long, AtomicLong> generations = new ConcurrentHashMap<>();
    private final AtomicLong anyChange = new AtomicLong();
    private final Cache<Long, Read<List<DemandSum>>> byTenant;
    private final Cache<Boolean, Read<List<ProfileUnits>>> inUse;

    UsageSums() {
        this(Ticker.systemTicker());
    }

    UsageSums(Ticker ticker) {
        byTenant = Caffeine.newBuilder()
                .expireAfterWrite(FRESH_FOR)
                .maximumSize(100_000)
                .ticker(ticker)
                .build();
        inUse = Caffeine.newBuilder().expireAfterWrite(FRESH_FOR).ticker(ticker).build();
    }

    /**
     * The sums of these tenants: those still current as kept, the others read in one call of {@code read} (given
     * only the tenants it must read) and kept.
     */
    List<DemandSum> of(Collection<Long> tenantIds, Function<Collection<Long>, List<DemandSum>> read) {
        List<DemandSum> sums = new ArrayList<>();
        Map<Long, Long> missing = new HashMap<>();
        for (long id : new LinkedHashSet<>(tenantIds)) {
            Read<List<DemandSum>> kept = byTenant.getIfPresent(id);
            long generation = generationOf(id).get();
            if (kept != null && kept.generation() == generation) {
                sums.addAll(kept.value());
            } else {
                missing.put(id, generation);
            }
        }
        if (missing.isEmpty()) {
            return sums;
        }
        List<DemandSum> fresh = read.apply(missing.keySet());
        Map<Long, List<DemandSum>> freshOf = fresh.stream().collect(Collectors.groupingBy(DemandSum::tenantId));
        // a tenant without workloads is kept too, as having none
        missing.forEach((id, generation) ->
                byTenant.put(id, new Read<>(generation, List.copyOf(freshOf.getOrDefault(id, List.of())))));
        sums.addAll(fresh);
        return sums;
    }

    /** GPU units running workloads of every tenant hold: as kept while no workload changed, else read and kept. */
    List<ProfileUnits> inUse(Supplier<List<ProfileUnits>> read) {
        Read<List<ProfileUnits>> kept = inUse.getIfPresent(Boolean.TRUE);
        long generation = anyChange.get();
        if (kept != null && kept.generation() == generation) {
            return kept.value();
        }
        List<ProfileUnits> fresh = List.copyOf(read.get());
        inUse.put(Boolean.TRUE, new Read<>(generation, fresh));
        return fresh;
    }

    /** A workload of this tenant changed what it holds, and the change is committed (or rolled back). */
    void changed(long tenantId) {
        generationOf(tenantId).incrementAndGet();
        anyChange.incrementAndGet();
    }

    private AtomicLong generationOf(long tenantId) {
        return generations.computeIfAbsent(tenantId, id -> new AtomicLong());
    }
}
