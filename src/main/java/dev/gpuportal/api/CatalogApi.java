package dev.gpuportal.api;

import dev.gpuportal.audit.AuditAction;
import dev.gpuportal.audit.AuditEvent;
import dev.gpuportal.audit.AuditFilter;
import dev.gpuportal.audit.AuditLog;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.gpu.GpuCatalog;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The GPU catalog (everyone signed in) and the audit log (platform admins). */
@RestController
class CatalogApi {

    private final GpuCatalog catalog;
    private final AuditLog audit;

    CatalogApi(GpuCatalog catalog, AuditLog audit) {
        this.catalog = catalog;
        this.audit = audit;
    }

    @GetMapping("/api/v1/gpu-profiles")
    List<Json.ProfileJson> profiles() {
        return catalog.all().stream().map(Json.ProfileJson::of).toList();
    }

    /** One audit entry. */
    record AuditJson(
            Instant at,
            String actor,
            String action,
            String object,
            String key,
            String tenant,
            String before,
            String after) {

        static AuditJson of(AuditEvent e) {
            return new AuditJson(
                    e.getOccurredAt(),
                    e.getActor(),
                    e.getAction().toLowerCase(),
                    e.getEntityType(),
                    e.getEntityKey(),
                    e.getTenantSlug(),
                    e.getBeforeState(),
                    e.getAfterState());
        }
    }

    @GetMapping("/api/v1/audit")
    List<AuditJson> audit(
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String tenant,
            @RequestParam(required = false) String object,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "200") int limit) {
        return TenantsApi.forbiddenIfDenied(() -> audit.list(new AuditFilter(actor, tenant, object, from, to), limit))
                .stream()
                .map(AuditJson::of)
                .toList();
    }

    /** The same entries as CSV (up to the export limit), also filtered by action and part of the object's name. */
    @GetMapping(value = "/api/v1/audit.csv", produces = "text/csv")
    String auditCsv(
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String tenant,
            @RequestParam(required = false) String object,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        AuditFilter filter = new AuditFilter(actor, tenant, object, auditAction(action), name, from, to);
        return TenantsApi.forbiddenIfDenied(() -> audit.exportCsv(filter));
    }

    private static AuditAction auditAction(String action) {
        if (action == null || action.isBlank()) {
            return null;
        }
        try {
            return AuditAction.valueOf(action.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of(
                    "action",
                    "'" + action + "' is no audit action: use one of "
                            + Arrays.stream(AuditAction.values())
                                    .map(a -> a.name().toLowerCase(Locale.ROOT))
                                    .collect(Collectors.joining(", ")));
        }
    }
}
