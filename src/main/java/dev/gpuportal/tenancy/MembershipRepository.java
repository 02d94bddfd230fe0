package dev.gpuportal.tenancy;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface MembershipRepository extends JpaRepository<Membership, Long> {

    @Query("""
            select m from Membership m join fetch m.tenant t
            where (m.subjectType = dev.gpuportal.tenancy.SubjectType.USER and m.subject = :username)
               or (m.subjectType = dev.gpuportal.tenancy.SubjectType.GROUP and m.subject in :groups)
            """)
    List<Membership> findForSubject(String username, Collection<String> groups);

    @Query("select m from Membership m join fetch m.tenant t where t.id = :tenantId order by m.subjectType, m.subject")
    List<Membership> findByTenantId(Long tenantId);

    @Query("select m from Membership m join fetch m.tenant t order by t.id, m.subjectType, m.subject")
    List<Membership> findAllWithTenant();

    Optional<Membership> findByTenantIdAndSubjectTypeAndSubject(Long tenantId, SubjectType subjectType, String subject);
}
