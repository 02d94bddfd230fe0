package dev.gpuportal.access;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface EndpointKeyRepository extends JpaRepository<EndpointKey, Long> {

    Optional<EndpointKey> findByPublicId(String publicId);

    List<EndpointKey> findByWorkloadIdOrderByCreatedAtDesc(Long workloadId);

    boolean existsByWorkloadIdAndNameAndRevokedAtIsNull(Long workloadId, String name);
}
