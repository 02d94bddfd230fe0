package dev.gpuportal.workload;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface WorkloadRequestRepository extends JpaRepository<WorkloadRequest, Long> {

    List<WorkloadRequest> findByTenantIdAndDesiredStateIn(Long tenantId, Collection<DesiredState> states);

    long countByTenantIdAndDesiredState(Long tenantId, DesiredState state);
}
