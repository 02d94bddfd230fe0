package dev.gpuportal.gpu;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface GpuProfileRepository extends JpaRepository<GpuProfile, Long> {

    Optional<GpuProfile> findByName(String name);

    List<GpuProfile> findAllByOrderByKindAscEquivalentNumeratorAscNameAsc();
}
