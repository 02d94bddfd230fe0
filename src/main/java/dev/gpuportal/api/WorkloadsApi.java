package dev.gpuportal.api;

import dev.gpuportal.access.Connections;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.workload.WorkloadDiagnostics;
import dev.gpuportal.workload.WorkloadQuery;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadView;
import java.net.URI;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Notebooks, training jobs and inference endpoints for scripts and pipelines. */
@RestController
@RequestMapping("/api/v1/workloads")
class WorkloadsApi {

    private final WorkloadService workloads;
    private final Connections connections;

    WorkloadsApi(WorkloadService workloads, Connections connections) {
        this.workloads = workloads;
        this.connections = connections;
    }

    private Json.WorkloadJson json(WorkloadView w) {
        return json(w, requestBase());
    }

    private Json.WorkloadJson json(WorkloadView w, String base) {
        return Json.WorkloadJson.of(w, connections.url(w, base).orElse(null));
    }

    private static String requestBase() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
    }

    /**
     * Submits a workload; with an {@code Idempotency-Key}, a retried POST returns the first one (200, not 201), and
     * the same key with another body is a 422.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Json.WorkloadJson> submit(
            @RequestBody Requests.WorkloadInput body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        var form = body.toForm();
        var result = TenantsApi.forbiddenIfDenied(() -> workloads.submit(form, body.need(), key));
        var json = Json.WorkloadJson.of(result.workload());
        URI location = URI.create("/api/v1/workloads/" + json.id());
        return (result.created()
                        ? ResponseEntity.created(location)
                        : ResponseEntity.ok().location(location))
                .eTag(Long.toString(json.version()))
                .body(json);
    }

    /** The same query as the portal's lists: filters, sort and paging in the database. */
    @GetMapping
    Json.Page<Json.WorkloadJson> list(
            @RequestParam(required = false) String scope,
            @RequestParam(required = false) String tenant,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String phase,
            @RequestParam(required = false) String profile,
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw InvalidInputException.of("size", "page ≥ 0 and size between 1 and 500");
        }
        WorkloadQuery query = new WorkloadQuery(
                WorkloadListParams.scope(scope),
                tenant,
                q,
                WorkloadListParams.kind(kind),
                WorkloadListParams.phase(phase),
                profile,
                owner);
        var pageable = WorkloadListParams.page(page, size, sort);
        if ((long) page * size > Integer.MAX_VALUE) {
            // past any row a database can page to: an empty page, never an overflow back to page 0; every tenant's
            // list is still refused with 403 there, another tenant's with 404
            long total = refusedIfAllTenants(query, () -> workloads.count(query));
            return new Json.Page<>(List.of(), page, size, total);
        }
        // every tenant's list is refused with 403; another tenant's with 404, telling nothing of it
        var rows = refusedIfAllTenants(query, () -> workloads.findPage(query, pageable));
        String base = requestBase();
        var items = rows.items().stream().map(w -> json(w, base)).toList();
        return new Json.Page<>(items, page, size, rows.total());
    }

    private static <T> T refusedIfAllTenants(WorkloadQuery query, Supplier<T> read) {
        return query.scope() == WorkloadQuery.Scope.ALL_TENANTS ? TenantsApi.forbiddenIfDenied(read) : read.get();
    }

    @GetMapping("/{id}")
    ResponseEntity<Json.WorkloadJson> get(@PathVariable long id) {
        var json = json(workloads.get(id));
        return ResponseEntity.ok().eTag(Long.toString(json.version())).body(json);
    }

    @PostMapping("/{id}/stop")
    Json.WorkloadJson stop(@PathVariable long id) {
        return act(id, () -> workloads.stop(id));
    }

    @PostMapping("/{id}/start")
    Json.WorkloadJson start(@PathVariable long id) {
        return act(id, () -> workloads.start(id));
    }

    @PostMapping("/{id}/restart")
    Json.WorkloadJson restart(@PathVariable long id) {
        return act(id, () -> workloads.restart(id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Json.WorkloadJson> delete(@PathVariable long id) {
        return ResponseEntity.accepted().body(act(id, () -> workloads.delete(id)));
    }

    @GetMapping(value = "/{id}/logs", produces = MediaType.TEXT_PLAIN_VALUE)
    String logs(@PathVariable long id, @RequestParam(defaultValue = "200") int tail) {
        return workloads.logs(id, tail);
    }

    @GetMapping("/{id}/events")
    List<WorkloadDiagnostics.EventLine> events(@PathVariable long id) {
        return workloads.events(id);
    }

    /** 404 when the caller cannot see the workload; 403 when they can see it but not change it. */
    private Json.WorkloadJson act(long id, Supplier<WorkloadView> action) {
        workloads.get(id);
        return Json.WorkloadJson.of(TenantsApi.forbiddenIfDenied(action));
    }
}
