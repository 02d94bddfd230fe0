package dev.gpuportal.gpu;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface GpuProfileRepository extends JpaRepository<GpuProfile, Long> {

    Optional<GpuProfile> findByName(String name);

    List<GpuProfile> findAllByOrderByKindAscEquivalentNumeratorAscNameAsc();

    /**
     * What changes with any change of the catalog: a profile added (a larger id), removed (fewer) or edited (its
     * version moves on); also by another replica of the portal.
     */
    record Stamp(long profiles, long versions, long largestId) {

        /** The stamp of the profiles as read, which may be older than the table's (a transaction's own entities). */
        static Stamp of(List<GpuProfile> read) {
            return new Stamp(
                    read.size(),
                    read.stream().mapToLong(GpuProfile::getVersion).sum(),
                    read.stream().mapToLong(GpuProfile::getId).max().orElse(0));
        }
    }

    @Query("select new dev.gpuportal.gpu.GpuProfileRepository$Stamp(count(p), coalesce(sum(p.version), 0),"
            + " coalesce(max(p.id), 0)) from GpuProfile p")
    Stamp stamp();
}
