package dev.gpuportal.workload;

import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.base.LikePattern;
import jakarta.persistence.criteria.Predicate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;

/** A {@link WorkloadQuery} as a database query: filters as a specification, sorting by the names lists use. */
final class WorkloadQueries {

    /** Sort keys of lists and the API → entity properties. */
    static final Map<String, String> SORTABLE = Map.of(
            "name", "name",
            "kind", "kind",
            "owner", "owner",
            "phase", "observedPhase",
            "created", "createdAt",
            "tenant", "tenantId");

    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"));

    private WorkloadQueries() {}

    /**
     * The workloads matching {@code query} within {@code tenantIds} (null: every tenant, for platform admins only);
     * {@code owner} narrows to one person's, {@code profileId} to a GPU profile; {@code matchesNone} when a filter can match nothing (an unknown profile).
     */
    static Specification<WorkloadRequest> matching(
            WorkloadQuery query, Collection<Long> tenantIds, String owner, Long profileId, boolean matchesNone) {
        return (root, q, cb) -> {
            List<Predicate> where = new ArrayList<>();
            if (tenantIds != null) {
                where.add(
                        tenantIds.isEmpty()
                                ? cb.disjunction()
                                : root.get("tenantId").in(tenantIds));
            }
            if (owner != null) {
                where.add(cb.equal(root.get("owner"), owner));
            }
            if (query.kind() != null) {
                where.add(cb.equal(root.get("kind"), query.kind()));
            }
            if (query.phase() != null) {
                where.add(cb.equal(root.get("observedPhase"), query.phase()));
            }
            if (matchesNone) {
                where.add(cb.disjunction());
            } else if (profileId != null) {
                where.add(cb.equal(root.get("gpuProfileId"), profileId));
            }
            if (query.search() != null) {
                String like = LikePattern.containing(query.search());
                where.add(cb.or(
                        cb.like(cb.lower(root.get("name")), like, LikePattern.ESCAPE),
                        cb.like(cb.lower(root.get("owner")), like, LikePattern.ESCAPE)));
            }
            return cb.and(where.toArray(Predicate[]::new));
        };
    }

    /** The page asked for with its sort translated; unsorted means newest first. Unknown keys are refused. */
    static Pageable pageable(Pageable requested) {
        if (requested.getSort().isUnsorted()) {
            return PageRequest.of(requested.getPageNumber(), requested.getPageSize(), NEWEST_FIRST);
        }
        List<Sort.Order> orders = new ArrayList<>();
        for (Sort.Order order : requested.getSort()) {
            String property = SORTABLE.get(order.getProperty());
            if (property == null) {
                throw InvalidInputException.of(
                        "sort",
                        "Sort by one of "
                                + String.join(
                                        ", ",
                                        SORTABLE.keySet().stream().sorted().toList()));
            }
            orders.add(new Sort.Order(order.getDirection(), property));
        }
        orders.add(Sort.Order.desc("id")); // a stable order across pages
        return PageRequest.of(requested.getPageNumber(), requested.getPageSize(), Sort.by(orders));
    }
}
