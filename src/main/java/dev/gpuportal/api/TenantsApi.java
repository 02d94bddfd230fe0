package dev.gpuportal.api;

import dev.gpuportal.onboarding.TenantSetupService;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.MembershipView;
import dev.gpuportal.tenancy.TenantAccess;
import dev.gpuportal.tenancy.TenantKubeconfigs;
import dev.gpuportal.tenancy.TenantProvisioning;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tenants, their quotas and usage: members read their own; platform admins create tenants and set quotas. */
@RestController
@RequestMapping("/api/v1/tenants")
class TenantsApi {

    private final TenantService tenants;
    private final QuotaService quotas;
    private final MembershipService memberships;

    private final TenantProvisioning provisioning;
    private final TenantKubeconfigs kubeconfigs;
    private final TenantSetupService setups;
    private final TenantAccess access;
    private final JsonBodies bodies;

    TenantsApi(
            TenantService tenants,
            TenantSetupService setups,
            QuotaService quotas,
            MembershipService memberships,
            TenantProvisioning provisioning,
            TenantKubeconfigs kubeconfigs,
            TenantAccess access,
            JsonBodies bodies) {
        this.setups = setups;
        this.access = access;
        this.bodies = bodies;
        this.provisioning = provisioning;
        this.kubeconfigs = kubeconfigs;
        this.tenants = tenants;
        this.quotas = quotas;
        this.memberships = memberships;
    }

    /** A membership: {"type":"group"|"user","subject":"vision-team","role":"member"}. */
    record MemberJson(Long id, String type, String subject, String role) {

        static MemberJson of(MembershipView m) {
            return new MemberJson(
                    m.id(),
                    m.subjectType().name().toLowerCase(),
                    m.subject(),
                    m.role().label());
        }
    }

    @GetMapping("/{slug}/members")
    List<MemberJson> members(@PathVariable String slug) {
        return memberships.members(slug).stream().map(MemberJson::of).toList();
    }

    /**
     * Adds a member, or changes the role of an existing one (tenant admins of the tenant, platform admins). The body
     * is read only after the rights check: whoever may not do this gets 404 or 403, whatever they sent.
     */
    @PostMapping(value = "/{slug}/members", consumes = MediaType.APPLICATION_JSON_VALUE)
    MemberJson grant(@PathVariable String slug, @RequestBody String body) {
        memberships.members(slug); // 404 for tenants the caller cannot see
        forbiddenIfDenied(() -> {
            access.require(slug, TenantRole.TENANT_ADMIN);
            return null;
        });
        var member = bodies.read(body, Requests.MemberInput.class).toMember("");
        return MemberJson.of(
                forbiddenIfDenied(() -> memberships.grant(slug, member.type(), member.subject(), member.role())));
    }

    @DeleteMapping("/{slug}/members/{id}")
    ResponseEntity<Void> revoke(@PathVariable String slug, @PathVariable long id) {
        memberships.members(slug);
        forbiddenIfDenied(() -> {
            memberships.revoke(slug, id);
            return null;
        });
        return ResponseEntity.noContent().build();
    }

    @GetMapping
    List<Json.TenantJson> list() {
        return tenants.visibleTenants().stream()
                .map(t -> Json.TenantJson.of(t, provisioning))
                .toList();
    }

    @GetMapping("/{slug}")
    ResponseEntity<Json.TenantJson> get(@PathVariable String slug) {
        var tenant = tenants.get(slug);
        return ResponseEntity.ok()
                .eTag(Long.toString(tenant.getVersion()))
                .body(Json.TenantJson.of(tenant, provisioning));
    }

    /**
     * Changes a tenant (platform admins): name, tier, regions, placement, and for dedicated tenants the Kubernetes
     * version (an upgrade) and node pools. {@code If-Match} carries the ETag the client read.
     */
    @PutMapping(value = "/{slug}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Json.TenantJson> update(
            @PathVariable String slug,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody String body) {
        var current = tenants.get(slug); // 404 for tenants the caller cannot see
        requirePlatformAdmin("edit tenants");
        long version = Etags.version(ifMatch);
        var input = bodies.read(body, Requests.TenantInput.class);
        if (input.slug() != null && !input.slug().equals(slug)) {
            // a slug names the tenant's namespaces and groups: it never changes, and is not silently ignored
            throw dev.gpuportal.base.InvalidInputException.of(
                    "slug", "A tenant's slug does not change: leave it out or send '" + slug + "'");
        }
        var draft = input.toDraft();
        List<String> placement = input.clusters() != null ? input.clusters() : current.getClusters();
        var tenant = forbiddenIfDenied(() -> tenants.update(slug, version, draft, placement));
        return ResponseEntity.ok()
                .eTag(Long.toString(tenant.getVersion()))
                .body(Json.TenantJson.of(tenant, provisioning));
    }

    /** A single-sign-on kubeconfig of a dedicated tenant's own cluster (members, viewers and admins of it). */
    @GetMapping("/{slug}/kubeconfig")
    ResponseEntity<String> kubeconfig(@PathVariable String slug) {
        tenants.get(slug); // 404 for tenants the caller cannot see
        String yaml = kubeconfigs.kubeconfigFor(slug);
        return ResponseEntity.ok()
                .contentType(org.springframework.http.MediaType.parseMediaType("application/yaml"))
                .header("Content-Disposition", "attachment; filename=\"gpu-portal-" + slug + ".kubeconfig\"")
                .body(yaml);
    }

    /**
     * Creates a tenant with, optionally, its members and quota, in one transaction (platform admins); limits the
     * body leaves out come from the portal's quota defaults.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Json.TenantJson> create(@RequestBody String body) {
        requirePlatformAdmin("create tenants");
        var setup = bodies.read(body, Requests.TenantCreateInput.class).toSetup();
        var tenant = forbiddenIfDenied(() -> setups.create(setup));
        return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenant.getSlug()))
                .eTag(Long.toString(tenant.getVersion()))
                .body(Json.TenantJson.of(tenant, provisioning));
    }

    @GetMapping("/{slug}/quota")
    ResponseEntity<Json.QuotaJson> quota(@PathVariable String slug) {
        var quota = quotas.quotaOf(slug);
        return ResponseEntity.ok().eTag(Long.toString(quota.version())).body(Json.QuotaJson.of(quota));
    }

    /** Sets a quota. {@code If-Match} carries the ETag (version) the client read, so a concurrent change is a 409. */
    @PutMapping(value = "/{slug}/quota", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Json.QuotaJson> setQuota(
            @PathVariable String slug,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody String body) {
        quotas.quotaOf(slug); // 404 for tenants the caller cannot see
        requirePlatformAdmin("set quotas");
        long version = Etags.version(ifMatch);
        var draft = bodies.read(body, Requests.QuotaInput.class).toDraft();
        var quota = forbiddenIfDenied(() -> quotas.update(slug, version, draft));
        return ResponseEntity.ok().eTag(Long.toString(quota.version())).body(Json.QuotaJson.of(quota));
    }

    @GetMapping("/{slug}/quota/sharing")
    ResponseEntity<Json.SharingJson> sharing(@PathVariable String slug) {
        var sharing = quotas.sharingOf(slug);
        return ResponseEntity.ok().eTag(Long.toString(sharing.version())).body(Json.SharingJson.of(sharing));
    }

    /**
     * Sets how much a tenant may borrow and lends where its cluster shares GPUs through Kueue (platform admins).
     * {@code If-Match} carries the quota's ETag, as for the quota itself.
     */
    @PutMapping(value = "/{slug}/quota/sharing", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Json.SharingJson> setSharing(
            @PathVariable String slug,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody String body) {
        quotas.sharingOf(slug); // 404 for tenants the caller cannot see
        requirePlatformAdmin("set quotas");
        long version = Etags.version(ifMatch);
        var draft = bodies.read(body, Requests.SharingInput.class).toDraft();
        var sharing = forbiddenIfDenied(() -> quotas.updateSharing(slug, version, draft));
        return ResponseEntity.ok().eTag(Long.toString(sharing.version())).body(Json.SharingJson.of(sharing));
    }

    /**
     * Archives a tenant (platform admins), as the console's Archive does: refused while its workloads run, and for
     * tenants managed by a file. {@code If-Match} carries the ETag the client read.
     */
    @DeleteMapping("/{slug}")
    ResponseEntity<Json.TenantJson> archive(
            @PathVariable String slug, @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        tenants.get(slug); // 404 for tenants the caller cannot see
        requirePlatformAdmin("archive tenants");
        long version = Etags.version(ifMatch);
        var tenant = forbiddenIfDenied(() -> tenants.archive(slug, version));
        return ResponseEntity.ok()
                .eTag(Long.toString(tenant.getVersion()))
                .body(Json.TenantJson.of(tenant, provisioning));
    }

    @GetMapping("/{slug}/usage")
    Json.UsageJson usage(@PathVariable String slug) {
        return Json.UsageJson.of(quotas.usageOf(slug));
    }

    private void requirePlatformAdmin(String what) {
        forbiddenIfDenied(() -> {
            access.requirePlatformAdmin(what);
            return null;
        });
    }

    static <T> T forbiddenIfDenied(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (AccessDeniedException e) {
            throw new ApiErrors.ForbiddenAction(e.getMessage());
        }
    }
}
