package dev.gpuportal.workload;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface WorkloadRequestRepository
        extends JpaRepository<WorkloadRequest, Long>, JpaSpecificationExecutor<WorkloadRequest> {

    long countByTenantIdAndDesiredState(Long tenantId, DesiredState state);

    Optional<WorkloadRequest> findByTenantIdAndName(Long tenantId, String name);

    List<WorkloadRequest> findByTenantIdInOrderByCreatedAtDesc(Collection<Long> tenantIds);

    List<WorkloadRequest> findByTenantId(Long tenantId);

    List<WorkloadRequest> findByKindAndDesiredStateAndObservedPhase(
            WorkloadKind kind, DesiredState desired, ObservedPhase observed);

    List<WorkloadRequest> findByDesiredStateAndObservedPhaseAndGpuProfileIdIsNotNull(
            DesiredState desired, ObservedPhase observed);

    Optional<WorkloadRequest> findByOwnerAndIdempotencyKey(String owner, String idempotencyKey);

    /** The columns a workload's quota demand is made of, without its spec (admission reads them under a lock). */
    record DemandColumns(
            WorkloadKind kind,
            DesiredState desiredState,
            Long gpuProfileId,
            int gpuCount,
            int pods,
            long cpuMillis,
            long memoryBytes,
            long storageBytes) {}

    @Query("select new dev.gpuportal.workload.WorkloadRequestRepository$DemandColumns(w.kind, w.desiredState,"
            + " w.gpuProfileId, w.gpuCount, w.pods, w.cpuMillis, w.memoryBytes, w.storageBytes) from WorkloadRequest w"
            + " where w.tenantId = :tenantId and w.desiredState in :states")
    List<DemandColumns> findDemandsOf(Long tenantId, Collection<DesiredState> states);

    /**
     * What admitted workloads hold, summed by tenant, desired state and GPU profile in the database (a stopped one
     * keeps only its storage; see WorkloadQuotaDemands).
     */
    @Query("select new dev.gpuportal.quota.DemandSum(w.tenantId, w.gpuProfileId,"
            + " sum(case when w.desiredState = dev.gpuportal.workload.DesiredState.RUNNING"
            + " then cast(w.gpuCount as long) * w.pods else 0L end),"
            + " sum(case when w.desiredState = dev.gpuportal.workload.DesiredState.RUNNING"
            + " then w.cpuMillis * w.pods else 0L end),"
            + " sum(case when w.desiredState = dev.gpuportal.workload.DesiredState.RUNNING"
            + " then w.memoryBytes * w.pods else 0L end),"
            + " sum(w.storageBytes), count(w))"
            + " from WorkloadRequest w where w.tenantId in :tenantIds and w.desiredState in :states"
            + " group by w.tenantId, w.gpuProfileId")
    List<dev.gpuportal.quota.DemandSum> sumDemandsOf(Collection<Long> tenantIds, Collection<DesiredState> states);

    @Query("select new dev.gpuportal.quota.ProfileUnits(w.gpuProfileId, sum(cast(w.gpuCount as long) * w.pods))"
            + " from WorkloadRequest w where w.desiredState = dev.gpuportal.workload.DesiredState.RUNNING"
            + " and w.gpuProfileId is not null group by w.gpuProfileId")
    List<dev.gpuportal.quota.ProfileUnits> sumRunningGpuUnits();

    long countByTenantId(Long tenantId);

    /** What an observation is compared with: the status columns and the version, without the rest of the row. */
    record ObservedStatus(
            long tenantId,
            DesiredState desiredState,
            ObservedPhase observedPhase,
            String observedReason,
            long version) {}

    @Query("select new dev.gpuportal.workload.WorkloadRequestRepository$ObservedStatus(w.tenantId, w.desiredState,"
            + " w.observedPhase, w.observedReason, w.version) from WorkloadRequest w where w.id = :id")
    Optional<ObservedStatus> findObservedStatus(long id);

    /**
     * Writes the status columns only, if the row is still at {@code version} (0 rows otherwise): an observation never
     * rewrites what its owner asked for. The version moves on, so the workload's ETag changes with what it shows.
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update WorkloadRequest w set w.observedPhase = :phase, w.observedReason = :reason, w.observedAt = :at,"
            + " w.version = w.version + 1 where w.id = :id and w.version = :version")
    int writeObservedStatus(long id, long version, ObservedPhase phase, String reason, Instant at);
}
