package dev.gpuportal.audit;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface AuditEventRepository extends JpaRepository<AuditEvent, Long>, JpaSpecificationExecutor<AuditEvent> {

    boolean existsByActionAndEntityTypeAndEntityKeyAndAfterState(
            String action, String entityType, String entityKey, String afterState);
}
