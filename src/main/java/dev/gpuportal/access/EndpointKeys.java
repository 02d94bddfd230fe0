package dev.gpuportal.access;

import dev.gpuportal.audit.AuditAction;
import dev.gpuportal.audit.AuditLog;
import dev.gpuportal.base.ConflictException;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.base.Names;
import dev.gpuportal.security.CurrentUser;
import dev.gpuportal.tenancy.TenantAccess;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.workload.DesiredState;
import dev.gpuportal.workload.WorkloadKind;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadView;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keys for inference endpoints: members of the endpoint's tenant create them (named; the key is shown once), see
 * them listed and revoke them; programs call the endpoint's route with one as a bearer token. Every create, revoke
 * and refused call is audited and counted; accepted calls are only counted.
 */
@Service
public class EndpointKeys {

    static final String ENTITY = "endpoint-key";

    private final EndpointKeyRepository keys;
    private final WorkloadService workloads;
    private final TenantAccess access;
    private final CurrentUser currentUser;
    private final AuditLog audit;
    private final RouteMetrics metrics;
    private final Clock clock;
    private final RouteLookups lookups;
    private final TransactionTemplate refusals;

    EndpointKeys(
            EndpointKeyRepository keys,
            WorkloadService workloads,
            TenantAccess access,
            CurrentUser currentUser,
            AuditLog audit,
            RouteMetrics metrics,
            Clock clock,
            RouteLookups lookups,
            PlatformTransactionManager transactions) {
        this.keys = keys;
        this.workloads = workloads;
        this.access = access;
        this.currentUser = currentUser;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
        this.lookups = lookups;
        this.refusals = new TransactionTemplate(transactions);
        this.refusals.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** A key just made: its secret is in {@code key} this once and nowhere else. */
    public record CreatedKey(EndpointKeyView view, String key) {}

    @Transactional
    public CreatedKey create(long workloadId, String name) {
        WorkloadView endpoint = changeableEndpoint(workloadId);
        String problem = Names.dnsLabelProblem(name, 63);
        if (problem != null) {
            throw InvalidInputException.of("name", problem);
        }
        if (keys.existsByWorkloadIdAndNameAndRevokedAtIsNull(workloadId, name)) {
            throw new ConflictException("Endpoint " + endpoint.name() + " already has a key named '" + name
                    + "': choose another name or revoke that key first");
        }
        EndpointKeySecrets.NewKey secret = EndpointKeySecrets.generate();
        EndpointKey key = keys.save(new EndpointKey(
                workloadId,
                secret.publicId(),
                name,
                secret.secretHash(),
                currentUser.require().username(),
                clock.instant()));
        audit.record(
                AuditAction.CREATE,
                ENTITY,
                endpoint.name() + "/" + name,
                endpoint.tenant(),
                null,
                Map.of(
                        "endpoint",
                        endpoint.name(),
                        "key",
                        name,
                        "hint",
                        key.view().hint()));
        metrics.keyChanged("create");
        return new CreatedKey(key.view(), secret.token());
    }

    @Transactional(readOnly = true)
    public List<EndpointKeyView> list(long workloadId) {
        WorkloadView endpoint = workloads.get(workloadId);
        if (endpoint.kind() != WorkloadKind.INFERENCE_ENDPOINT) {
            return List.of();
        }
        return keys.findByWorkloadIdOrderByCreatedAtDesc(workloadId).stream()
                .map(EndpointKey::view)
                .toList();
    }

    @Transactional
    public EndpointKeyView revoke(long workloadId, long keyId) {
        WorkloadView endpoint = changeableEndpoint(workloadId);
        EndpointKey key = keys.findById(keyId)
                .filter(k -> k.getWorkloadId() == workloadId)
                .orElseThrow(() -> new AccessDeniedException("Endpoint " + endpoint.name() + " has no key " + keyId));
        if (!key.revoked()) {
            key.revoke(currentUser.require().username(), clock.instant());
            lookups.keyChanged(key.getPublicId());
            audit.record(
                    AuditAction.DELETE,
                    ENTITY,
                    endpoint.name() + "/" + key.getName(),
                    endpoint.tenant(),
                    Map.of("endpoint", endpoint.name(), "key", key.getName()),
                    null);
            metrics.keyChanged("revoke");
        }
        return key.view();
    }

    /** Members of the endpoint's tenant manage its keys; viewers only see them. */
    private WorkloadView changeableEndpoint(long workloadId) {
        WorkloadView endpoint = workloads.get(workloadId);
        if (endpoint.kind() != WorkloadKind.INFERENCE_ENDPOINT) {
            throw new ConflictException(endpoint.name() + " is not an inference endpoint: only endpoints have keys");
        }
        access.require(endpoint.tenant(), TenantRole.MEMBER);
        return endpoint;
    }

    /**
     * Decides a program's call on an endpoint's route with a bearer key. A malformed, unknown or revoked key, or one
     * of another endpoint, is refused alike (audited with the reason, never with the key).
     */
    public RouteAccess.Decision decide(Route route, String bearer) {
        Optional<EndpointKeySecrets.Parsed> parsed = EndpointKeySecrets.parse(bearer);
        Optional<RouteLookups.KeyFacts> key = parsed.flatMap(p -> lookups.key(p.publicId()));
        Optional<RouteLookups.WorkloadFacts> endpoint = lookups.workload(route.tenant(), route.workload())
                .filter(w -> w.kind() == WorkloadKind.INFERENCE_ENDPOINT && w.desired() != DesiredState.DELETED);
        String refusal = null;
        if (route.kind() != RouteKind.ENDPOINTS) {
            refusal = "key on a notebook";
        } else if (key.isEmpty()) {
            refusal = parsed.isEmpty() ? "malformed key" : "unknown key";
        } else if (!EndpointKeySecrets.matches(parsed.get().secret(), key.get().secretHash())) {
            refusal = "wrong secret";
        } else if (key.get().revoked()) {
            refusal = "revoked key";
        } else if (endpoint.isEmpty() || endpoint.get().id() != key.get().workloadId()) {
            refusal = "key of another endpoint";
        }
        if (refusal != null) {
            refused(route, refusal, key.map(RouteLookups.KeyFacts::name).orElse(null));
            return new RouteAccess.Refused(refusal);
        }
        RouteLookups.WorkloadFacts w = endpoint.get();
        if (!w.running()) {
            return new RouteAccess.NotRunning(w.id(), w.name(), route.kind(), w.shownPhase(), w.reason());
        }
        metrics.keyCall();
        return new RouteAccess.Open(w.id(), route);
    }

    /** A key sent in the URL is refused before it is even looked at: URLs end up in logs and browser histories. */
    public void refuseKeyInUrl(Route route) {
        refused(route, "key in URL", null);
    }

    /** Audits and counts a refused call, in a transaction of its own: the call itself needs none. */
    private void refused(Route route, String reason, String keyName) {
        java.util.Map<String, String> what = new java.util.LinkedHashMap<>();
        what.put("route", route.base());
        what.put("reason", reason);
        if (keyName != null) {
            what.put("key", keyName);
        }
        refusals.executeWithoutResult(
                tx -> audit.record(AuditAction.ACCESS, ENTITY + "-refused", route.base(), route.tenant(), null, what));
        metrics.refused(reason);
    }
}
