package dev.gpuportal.workload;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface WorkloadRequestRepository
        extends JpaRepository<WorkloadRequest, Long>, JpaSpecificationExecutor<WorkloadRequest> {

    List<WorkloadRequest> findByTenantIdAndDesiredStateIn(Long tenantId, Collection<DesiredState> states);

    long countByTenantIdAndDesiredState(Long tenantId, DesiredState state);

    Optional<WorkloadRequest> findByTenantIdAndName(Long tenantId, String name);

    List<WorkloadRequest> findByTenantIdInOrderByCreatedAtDesc(Collection<Long> tenantIds);

    List<WorkloadRequest> findByTenantId(Long tenantId);

    List<WorkloadRequest> findByKindAndDesiredStateAndObservedPhase(
            WorkloadKind kind, DesiredState desired, ObservedPhase observed);

    Optional<WorkloadRequest> findByOwnerAndIdempotencyKey(String owner, String idempotencyKey);
}
