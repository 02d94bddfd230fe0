package dev.gpuportal.api;

import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.TenantService;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Tenants, their quotas and usage: members read their own; platform admins create tenants and set quotas. */
@RestController
@RequestMapping("/api/v1/tenants")
class TenantsApi {

    private final TenantService tenants;
    private final QuotaService quotas;

    TenantsApi(TenantService tenants, QuotaService quotas) {
        this.tenants = tenants;
        this.quotas = quotas;
    }

    @GetMapping
    List<Json.TenantJson> list() {
        return tenants.visibleTenants().stream().map(Json.TenantJson::of).toList();
    }

    @GetMapping("/{slug}")
    ResponseEntity<Json.TenantJson> get(@PathVariable String slug) {
        var tenant = tenants.get(slug);
        return ResponseEntity.ok().eTag(Long.toString(tenant.getVersion())).body(Json.TenantJson.of(tenant));
    }

    @PostMapping
    ResponseEntity<Json.TenantJson> create(@RequestBody JsonNode body) {
        var draft = Bodies.tenant(body);
        var tenant = forbiddenIfDenied(() -> tenants.create(draft, Bodies.clusters(body)));
        return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenant.getSlug()))
                .eTag(Long.toString(tenant.getVersion()))
                .body(Json.TenantJson.of(tenant));
    }

    @GetMapping("/{slug}/quota")
    ResponseEntity<Json.QuotaJson> quota(@PathVariable String slug) {
        var quota = quotas.quotaOf(slug);
        return ResponseEntity.ok().eTag(Long.toString(quota.version())).body(Json.QuotaJson.of(quota));
    }

    /** Sets a quota. {@code If-Match} carries the ETag (version) the client read, so a concurrent change is a 409. */
    @PutMapping("/{slug}/quota")
    ResponseEntity<Json.QuotaJson> setQuota(
            @PathVariable String slug, @RequestHeader("If-Match") String ifMatch, @RequestBody JsonNode body) {
        quotas.quotaOf(slug); // 404 for tenants the caller cannot see
        long version = Etags.version(ifMatch);
        var draft = Bodies.quota(body);
        var quota = forbiddenIfDenied(() -> quotas.update(slug, version, draft));
        return ResponseEntity.ok().eTag(Long.toString(quota.version())).body(Json.QuotaJson.of(quota));
    }

    @GetMapping("/{slug}/usage")
    Json.UsageJson usage(@PathVariable String slug) {
        return Json.UsageJson.of(quotas.usageOf(slug));
    }

    static <T> T forbiddenIfDenied(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (AccessDeniedException e) {
            throw new ApiErrors.ForbiddenAction(e.getMessage());
        }
    }
}
