package dev.gpuportal.audit;

import dev.gpuportal.base.LikePattern;
import dev.gpuportal.security.CurrentUser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records changes in the caller's transaction (so a change and its audit entry commit or roll back together) and
 * lists them for platform admins.
 */
@Service
public class AuditLog {

    /** At most this many entries go into one CSV export. */
    public static final int EXPORT_LIMIT = 10_000;

    private final AuditEventRepository events;
    private final CurrentUser currentUser;
    private final Clock clock;
    private final JsonMapper json;

    AuditLog(AuditEventRepository events, CurrentUser currentUser, Clock clock, JsonMapper json) {
        this.events = events;
        this.currentUser = currentUser;
        this.clock = clock;
        this.json = json;
    }

    /**
     * Records that the signed-in user (or "system" when nobody is) changed an object. {@code before} and {@code
     * after} are snapshots (records or maps); null for create and delete respectively.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(
            AuditAction action, String entityType, String entityKey, String tenantSlug, Object before, Object after) {
        String actor = currentUser.get().map(u -> u.username()).orElse("system");
        events.save(new AuditEvent(
                clock.instant(), actor, action.name(), entityType, entityKey, tenantSlug, json(before), json(after)));
    }

    /**
     * Records something a system component did ({@code actor}, e.g. "kueue"), unless the same entry (action, object
     * and after state) is already there: for events read from a watch, which may be seen more than once.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordOnce(
            String actor, AuditAction action, String entityType, String entityKey, String tenantSlug, Object after) {
        String afterState = json(after);
        if (!events.existsByActionAndEntityTypeAndEntityKeyAndAfterState(
                action.name(), entityType, entityKey, afterState)) {
            events.save(new AuditEvent(
                    clock.instant(), actor, action.name(), entityType, entityKey, tenantSlug, null, afterState));
        }
    }

    @Transactional(readOnly = true)
    public List<AuditEvent> list(AuditFilter filter, int limit) {
        requireAdmin();
        return newestFirst(filter, Math.max(1, Math.min(limit, 1000)));
    }

    /** The entries matching the filter as CSV, newest first, at most {@link #EXPORT_LIMIT} of them. */
    @Transactional(readOnly = true)
    public String exportCsv(AuditFilter filter) {
        requireAdmin();
        return AuditCsv.of(newestFirst(filter, EXPORT_LIMIT));
    }

    private void requireAdmin() {
        if (!currentUser.require().platformAdmin()) {
            throw new AccessDeniedException("Only platform admins read the audit log");
        }
    }

    private List<AuditEvent> newestFirst(AuditFilter filter, int limit) {
        return events.findAll(
                        matching(filter), PageRequest.of(0, limit, Sort.by(Sort.Direction.DESC, "occurredAt", "id")))
                .getContent();
    }

    private static Specification<AuditEvent> matching(AuditFilter filter) {
        return (root, query, cb) -> {
            List<jakarta.persistence.criteria.Predicate> where = new ArrayList<>();
            if (filter.actor() != null && !filter.actor().isBlank()) {
                where.add(cb.equal(root.get("actor"), filter.actor().strip()));
            }
            if (filter.tenantSlug() != null && !filter.tenantSlug().isBlank()) {
                where.add(cb.equal(root.get("tenantSlug"), filter.tenantSlug().strip()));
            }
            if (filter.entityType() != null && !filter.entityType().isBlank()) {
                where.add(cb.equal(root.get("entityType"), filter.entityType()));
            }
            if (filter.action() != null) {
                where.add(cb.equal(root.get("action"), filter.action().name()));
            }
            if (filter.objectName() != null && !filter.objectName().isBlank()) {
                where.add(cb.like(
                        cb.lower(root.get("entityKey")),
                        LikePattern.containing(filter.objectName()),
                        LikePattern.ESCAPE));
            }
            if (filter.from() != null) {
                where.add(cb.greaterThanOrEqualTo(root.get("occurredAt"), filter.from()));
            }
            if (filter.to() != null) {
                where.add(cb.lessThan(root.get("occurredAt"), filter.to()));
            }
            return cb.and(where.toArray(jakarta.persistence.criteria.Predicate[]::new));
        };
    }

    private String json(Object snapshot) {
        if (snapshot == null) {
            return null;
        }
        return json.writeValueAsString(snapshot instanceof Map<?, ?> map ? new LinkedHashMap<>(map) : snapshot);
    }
}
