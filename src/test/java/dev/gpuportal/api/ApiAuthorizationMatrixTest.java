package dev.gpuportal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.security.Authorities;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Every caller × every endpoint, with the status code each cell must have. Tenant nlp (demo data) has: tina as
 * tenant-admin, nina as member (group nlp-team), vic as viewer; ravi is in tenant recsys only.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ApiAuthorizationMatrixTest {

    static final List<String> CALLERS =
            List.of("admin", "tenant-admin", "member", "viewer", "other-tenant", "anonymous");

    @Autowired
    MockMvc mvc;

    @Autowired
    MembershipService memberships;

    @Autowired
    QuotaService quotas;

    @BeforeEach
    void members() {
        AsPlatformAdmin.run(() -> {
            memberships.grant("nlp", SubjectType.USER, "tina", TenantRole.TENANT_ADMIN);
            memberships.grant("nlp", SubjectType.USER, "vic", TenantRole.VIEWER);
            // every cell that needs a workload creates one: room for them whatever the other tests left in nlp
            quotas.update(
                    "nlp",
                    quotas.quotaOf("nlp").version(),
                    new QuotaDraft("16", Map.of(), "256", "1Ti", "20Ti", "200"));
        });
    }

    static RequestPostProcessor as(String caller) {
        return switch (caller) {
            case "admin" -> token("admin", true);
            case "tenant-admin" -> token("tina", false);
            case "member" -> token("nina", false, "nlp-team");
            case "viewer" -> token("vic", false);
            case "other-tenant" -> token("ravi", false, "recsys-team");
            default -> request -> request;
        };
    }

    static RequestPostProcessor token(String user, boolean admin, String... groups) {
        return jwt().jwt(j -> j.claim("preferred_username", user).claim("sub", user))
                .authorities(Authorities.of(Set.of(groups), admin));
    }

    int status(MockHttpServletRequestBuilder request, String caller) throws Exception {
        return mvc.perform(request.with(as(caller))).andReturn().getResponse().getStatus();
    }

    long nlpWorkload() throws Exception {
        String body = mvc.perform(post("/api/v1/workloads")
                        .with(as("member"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(notebook(
                                "nlp", "m-" + UUID.randomUUID().toString().substring(0, 8))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        return Long.parseLong(body.replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
    }

    long nlpEndpoint() throws Exception {
        String body = mvc.perform(post("/api/v1/workloads")
                        .with(as("member"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"kind":"inference","tenant":"nlp","name":"e-%s",
                                 "image":"nvcr.io/nvidia/tritonserver:26.10-py3","port":"8000","cpu":"1","memory":"2Gi",
                                 "gpuProfile":"","gpuCount":"0","minReplicas":"1","maxReplicas":"1",
                                 "targetCpuPercent":"70","readinessPath":"/v2/health/ready"}""".formatted(UUID.randomUUID().toString().substring(0, 8))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        return Long.parseLong(body.replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
    }

    static String notebook(String tenant, String name) {
        return """
                {"kind":"notebook","tenant":"%s","name":"%s","image":"quay.io/jupyter/scipy-notebook:2026-11-02",
                 "cpu":"1","memory":"4Gi","gpuProfile":"mig-1g.10gb","gpuCount":1,"workspace":"10Gi"}""".formatted(tenant, name);
    }

    @Test
    void everyCellOfTheMatrix() throws Exception {
        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        //                                               admin tadmin member viewer other anon
        expected.put("GET /tenants", List.of(200, 200, 200, 200, 200, 401));
        expected.put("GET /tenants/nlp", List.of(200, 200, 200, 200, 404, 401));
        expected.put("POST /tenants", List.of(201, 403, 403, 403, 403, 401));
        expected.put("PUT /tenants/nlp", List.of(200, 403, 403, 403, 404, 401));
        expected.put("DELETE /tenants/nlp", List.of(409, 403, 403, 403, 404, 401)); // its workloads run
        expected.put("GET /tenants/nlp/kubeconfig", List.of(409, 409, 409, 409, 404, 401)); // shared: no own cluster
        expected.put("GET /tenants/nlp/quota", List.of(200, 200, 200, 200, 404, 401));
        expected.put("PUT /tenants/nlp/quota", List.of(200, 403, 403, 403, 404, 401));
        expected.put("GET /tenants/nlp/quota/sharing", List.of(200, 200, 200, 200, 404, 401));
        expected.put("PUT /tenants/nlp/quota/sharing", List.of(200, 403, 403, 403, 404, 401));
        expected.put("GET /tenants/nlp/usage", List.of(200, 200, 200, 200, 404, 401));
        expected.put("GET /gpu-profiles", List.of(200, 200, 200, 200, 200, 401));
        expected.put("POST /workloads", List.of(201, 201, 201, 403, 403, 401));
        expected.put("GET /workloads", List.of(200, 200, 200, 200, 200, 401));
        expected.put("GET /workloads/{id}", List.of(200, 200, 200, 200, 404, 401));
        expected.put("POST /workloads/{id}/stop", List.of(200, 200, 200, 403, 404, 401));
        expected.put("GET /workloads/{id}/logs", List.of(200, 200, 200, 200, 404, 401));
        expected.put("GET /workloads/{id}/events", List.of(200, 200, 200, 200, 404, 401));
        expected.put("DELETE /workloads/{id}", List.of(202, 202, 202, 403, 404, 401));
        expected.put("GET /workloads/{id}/keys", List.of(200, 200, 200, 200, 404, 401));
        expected.put("POST /workloads/{id}/keys", List.of(201, 201, 201, 403, 404, 401));
        expected.put("DELETE /workloads/{id}/keys/{key}", List.of(204, 204, 204, 403, 404, 401));
        expected.put("GET /workloads/{id}/gpu-use", List.of(200, 200, 200, 200, 404, 401));
        expected.put("POST /workloads/{id}/right-size", List.of(409, 409, 409, 403, 404, 401)); // no metrics here
        expected.put("GET /showback", List.of(200, 403, 403, 403, 403, 401));
        expected.put("GET /fleet", List.of(200, 403, 403, 403, 403, 401));
        expected.put("GET /metrics/settings", List.of(200, 403, 403, 403, 403, 401));
        expected.put("GET /audit", List.of(200, 403, 403, 403, 403, 401));

        List<String> wrong = new ArrayList<>();
        for (var row : expected.entrySet()) {
            for (int i = 0; i < CALLERS.size(); i++) {
                String caller = CALLERS.get(i);
                int actual = status(request(row.getKey(), caller), caller);
                if (actual != row.getValue().get(i)) {
                    wrong.add(row.getKey() + " as " + caller + ": " + actual + " (expected "
                            + row.getValue().get(i) + ")");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private MockHttpServletRequestBuilder request(String row, String caller) throws Exception {
        String unique = caller + "-" + UUID.randomUUID().toString().substring(0, 6);
        return switch (row) {
            case "GET /tenants" -> get("/api/v1/tenants");
            case "GET /tenants/nlp" -> get("/api/v1/tenants/nlp");
            case "POST /tenants" ->
                post("/api/v1/tenants")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"slug\":\"t-" + unique + "\",\"displayName\":\"Matrix\"}");
            case "PUT /tenants/nlp" -> {
                var current = mvc.perform(get("/api/v1/tenants/nlp").with(as("admin")))
                        .andReturn()
                        .getResponse();
                String displayName =
                        current.getContentAsString().replaceAll("(?s).*\"displayName\":\"([^\"]*)\".*", "$1");
                yield put("/api/v1/tenants/nlp")
                        .header("If-Match", current.getHeader("ETag"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"displayName\":\"" + displayName + "\"}");
            }
            case "DELETE /tenants/nlp" -> {
                nlpWorkload(); // a workload that runs: archiving is refused for everyone allowed to try
                String etag = mvc.perform(get("/api/v1/tenants/nlp").with(as("admin")))
                        .andReturn()
                        .getResponse()
                        .getHeader("ETag");
                yield delete("/api/v1/tenants/nlp").header("If-Match", etag);
            }
            case "GET /tenants/nlp/kubeconfig" -> get("/api/v1/tenants/nlp/kubeconfig");
            case "GET /tenants/nlp/quota" -> get("/api/v1/tenants/nlp/quota");
            case "PUT /tenants/nlp/quota" -> {
                String etag = mvc.perform(get("/api/v1/tenants/nlp/quota").with(as("admin")))
                        .andReturn()
                        .getResponse()
                        .getHeader("ETag");
                yield put("/api/v1/tenants/nlp/quota")
                        .header("If-Match", etag)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(
                                "{\"gpus\":\"16\",\"cpu\":\"256\",\"memory\":\"1Ti\",\"storage\":\"20Ti\",\"maxWorkloads\":\"200\"}");
            }
            case "GET /tenants/nlp/quota/sharing" -> get("/api/v1/tenants/nlp/quota/sharing");
            case "PUT /tenants/nlp/quota/sharing" -> {
                String etag = mvc.perform(
                                get("/api/v1/tenants/nlp/quota/sharing").with(as("admin")))
                        .andReturn()
                        .getResponse()
                        .getHeader("ETag");
                yield put("/api/v1/tenants/nlp/quota/sharing")
                        .header("If-Match", etag)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"borrowingLimit\":\"\",\"lendingLimit\":\"\"}");
            }
            case "GET /tenants/nlp/usage" -> get("/api/v1/tenants/nlp/usage");
            case "GET /gpu-profiles" -> get("/api/v1/gpu-profiles");
            case "POST /workloads" ->
                post("/api/v1/workloads")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(notebook("nlp", "w-" + unique));
            case "GET /workloads" -> get("/api/v1/workloads");
            case "GET /workloads/{id}" -> get("/api/v1/workloads/" + nlpWorkload());
            case "POST /workloads/{id}/stop" -> post("/api/v1/workloads/" + nlpWorkload() + "/stop");
            case "GET /workloads/{id}/logs" -> get("/api/v1/workloads/" + nlpWorkload() + "/logs");
            case "GET /workloads/{id}/events" -> get("/api/v1/workloads/" + nlpWorkload() + "/events");
            case "GET /workloads/{id}/gpu-use" -> get("/api/v1/workloads/" + nlpWorkload() + "/gpu-use?window=day");
            case "GET /showback" -> get("/api/v1/showback?from=2026-11-01&to=2026-11-02");
            case "POST /workloads/{id}/right-size" -> post("/api/v1/workloads/" + nlpWorkload() + "/right-size");
            case "GET /fleet" -> get("/api/v1/fleet");
            case "GET /metrics/settings" -> get("/api/v1/metrics/settings");
            case "DELETE /workloads/{id}" -> delete("/api/v1/workloads/" + nlpWorkload());
            case "GET /workloads/{id}/keys" -> get("/api/v1/workloads/" + nlpEndpoint() + "/keys");
            case "POST /workloads/{id}/keys" ->
                post("/api/v1/workloads/" + nlpEndpoint() + "/keys")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"ci\"}");
            case "DELETE /workloads/{id}/keys/{key}" -> {
                long endpoint = nlpEndpoint();
                String key = mvc.perform(post("/api/v1/workloads/" + endpoint + "/keys")
                                .with(as("member"))
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\":\"ci\"}"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
                yield delete(
                        "/api/v1/workloads/" + endpoint + "/keys/" + key.replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
            }
            case "GET /audit" -> get("/api/v1/audit");
            default -> throw new IllegalArgumentException(row);
        };
    }
}
