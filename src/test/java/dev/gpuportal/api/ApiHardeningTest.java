package dev.gpuportal.api;

import static dev.gpuportal.api.ApiAuthorizationMatrixTest.as;
import static dev.gpuportal.api.ApiAuthorizationMatrixTest.notebook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Each input the hardening probe found answered with a 5xx, or accepted silently, now gets a 4xx problem. */
@SpringBootTest
@AutoConfigureMockMvc
class ApiHardeningTest {

    static final String PROBLEM = "application/problem+json";

    @Autowired
    MockMvc mvc;

    @Autowired
    TenantService tenants;

    ResultActions send(MockHttpServletRequestBuilder request, String caller, String json) throws Exception {
        return mvc.perform(
                request.with(as(caller)).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    String etag(String path) throws Exception {
        return mvc.perform(get(path).with(as("admin")))
                .andReturn()
                .getResponse()
                .getHeader("ETag");
    }

    @Test
    void theSecurityFiltersProblemsAreUtf8SoTheirTextArrivesIntact() throws Exception {
        mvc.perform(get("/api/v1/workloads"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("Content-Type", "application/problem+json;charset=UTF-8"))
                .andExpect(jsonPath("$.detail").value(containsString("(Authorization: Bearer …)")));
    }

    @Test
    void aWrongOrMissingContentTypeIs415OnEveryBodyEndpoint() throws Exception {
        List<MockHttpServletRequestBuilder> bodies = List.of(
                post("/api/v1/tenants"),
                put("/api/v1/tenants/nlp").header("If-Match", "\"0\""),
                put("/api/v1/tenants/nlp/quota").header("If-Match", "\"0\""),
                post("/api/v1/tenants/nlp/members"),
                post("/api/v1/workloads"));
        for (MockHttpServletRequestBuilder request : bodies) {
            mvc.perform(request.with(as("admin"))
                            .contentType(MediaType.TEXT_PLAIN)
                            .content("{}"))
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(header().string("Content-Type", containsString(PROBLEM)));
        }
        mvc.perform(post("/api/v1/workloads").with(as("admin")).content("{}"))
                .andExpect(status().isUnsupportedMediaType());
        mvc.perform(post("/api/v1/demo-tokens").content("{\"username\":\"nina\",\"password\":\"demo\"}"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(header().string("Content-Type", containsString(PROBLEM)));
        mvc.perform(post("/api/v1/demo-tokens")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .content("username=nina"))
                .andExpect(status().isUnsupportedMediaType());
    }

    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping mappings;

    /** Every endpoint that takes a body, found from the handlers themselves, so a new one cannot be missed. */
    @Test
    void everyBodyEndpointTheApiServesAnswers415ToAnotherOrNoContentType() throws Exception {
        List<String> checked = new java.util.ArrayList<>();
        for (var mapping : mappings.getHandlerMethods().entrySet()) {
            var info = mapping.getKey();
            if (!mapping.getValue().getBeanType().getPackageName().equals("dev.gpuportal.api")
                    || info.getConsumesCondition().isEmpty()) {
                continue;
            }
            for (String pattern : info.getPatternValues()) {
                String path = pattern.replace("{slug}", "nlp").replace("{id}", "1");
                for (var method : info.getMethodsCondition().getMethods()) {
                    for (MediaType type : java.util.Arrays.asList(MediaType.TEXT_PLAIN, null)) {
                        var request = org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request(
                                        org.springframework.http.HttpMethod.valueOf(method.name()), path)
                                .with(as("admin"))
                                .header("If-Match", "\"0\"")
                                .content("{}");
                        if (type != null) {
                            request.contentType(type);
                        }
                        mvc.perform(request)
                                .andExpect(status().isUnsupportedMediaType())
                                .andExpect(header().string("Content-Type", containsString(PROBLEM)));
                    }
                    checked.add(method + " " + pattern);
                }
            }
        }
        assertThat(checked)
                .contains(
                        "POST /api/v1/demo-tokens",
                        "PUT /api/v1/tenants/{slug}/quota/sharing",
                        "PUT /api/v1/metrics/settings",
                        "POST /api/v1/workloads/{id}/keys")
                .hasSize(9);
    }

    @Test
    void numbersBooleansAndObjectsAreNoStrings() throws Exception {
        send(post("/api/v1/tenants"), "admin", "{\"slug\":0,\"displayName\":\"Zero\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.slug").value("A string is expected"));
        send(post("/api/v1/tenants"), "admin", "{\"slug\":1e30,\"displayName\":\"Big\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.slug").value("A string is expected"));
        send(post("/api/v1/tenants"), "admin", "{\"slug\":\"t-bool\",\"displayName\":true}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.displayName").value("A string is expected"));
        send(
                        post("/api/v1/workloads"),
                        "member",
                        notebook("nlp", "n-float").replace("\"gpuCount\":1", "\"gpuCount\":1.5"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.gpuCount").value(Requests.WHOLE_NUMBER_OR_TEXT));
        assertThat(AsPlatformAdmin.call(() -> tenants.findForInternalUse("0"))).isEmpty();
    }

    @Test
    void duplicateKeysAndUnknownFieldsAreRefusedEverywhere() throws Exception {
        send(post("/api/v1/tenants"), "admin", "{\"slug\":\"dup-a\",\"slug\":\"dup-b\",\"displayName\":\"D\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.slug").value("Given more than once"));
        send(
                        post("/api/v1/tenants/nlp/members"),
                        "admin",
                        "{\"type\":\"user\",\"subject\":\"x\",\"role\":\"member\",\"admin\":true}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.admin").value(containsString("Unknown field")));
        mvc.perform(post("/api/v1/demo-tokens")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"nina\",\"password\":\"demo\",\"scope\":\"admin\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.scope").value(containsString("Unknown field")));
        send(post("/api/v1/workloads"), "member", notebook("nlp", "n-extra").replace("{", "{\"command\":[\"x\"],"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.command").value(containsString("Unknown field")));
        send(post("/api/v1/workloads"), "member", "{\"kind\":\"evil\",\"tenant\":\"nlp\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.kind").value("One of notebook, training, inference"));
    }

    @Test
    void nullOrObjectCapsAre400ForAdminsAnd403ForOthersWhateverTheBody() throws Exception {
        String etag = etag("/api/v1/tenants/recsys/quota");
        for (String caps : List.of("{\"mig-1g.10gb\":null}", "{\"mig-1g.10gb\":{\"a\":1}}", "null")) {
            String body = "{\"gpus\":\"2\",\"cpu\":\"8\",\"memory\":\"32Gi\",\"storage\":\"1Ti\",\"maxWorkloads\":4,"
                    + "\"caps\":" + caps + "}";
            if (!caps.equals("null")) {
                send(put("/api/v1/tenants/recsys/quota").header("If-Match", etag), "admin", body)
                        .andExpect(status().isBadRequest())
                        .andExpect(jsonPath("$.fields['caps.mig-1g.10gb']").exists());
            }
            send(put("/api/v1/tenants/recsys/quota").header("If-Match", etag), "other-tenant", body)
                    .andExpect(status().isForbidden());
            send(put("/api/v1/tenants/nlp/quota").header("If-Match", etag), "other-tenant", body)
                    .andExpect(status().isNotFound());
        }
        send(put("/api/v1/tenants/recsys/quota").header("If-Match", etag), "other-tenant", "{not json")
                .andExpect(status().isForbidden());
    }

    @Test
    void anEnvNameWithAnEqualsSignIsRefusedNotSplit() throws Exception {
        String training = """
                {"kind":"training","tenant":"nlp","name":"env-eq","image":"nvcr.io/nvidia/pytorch:26.10-py3",
                 "command":["python"],"env":{"A=B":"c"},"cpu":"1","memory":"4Gi","checkpoint":"10Gi"}""";
        send(post("/api/v1/workloads"), "member", training)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.env").value("'A=B=c' is not KEY=value (names: letters, digits, _)"));
    }

    @Test
    void listParametersAreCheckedAndPagingNeverOverflows() throws Exception {
        mvc.perform(get("/api/v1/workloads?kind=evil").with(as("member")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.kind").value("One of notebook, training, inference"));
        mvc.perform(get("/api/v1/workloads?phase=sleeping").with(as("member")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.phase").exists());
        send(post("/api/v1/workloads"), "member", notebook("nlp", "page-one")).andExpect(status().isCreated());
        mvc.perform(get("/api/v1/workloads?page=2147483647&size=2").with(as("member")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items").isEmpty());
        mvc.perform(get("/api/v1/workloads?page=1073741824&size=4").with(as("member")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.page").value(1073741824))
                .andExpect(jsonPath("$.items").isEmpty());
        // past the last page, every tenant's list is still the platform admins' alone
        mvc.perform(get("/api/v1/workloads?scope=all&page=2147483647&size=2").with(as("member")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("https://gpu-portal.dev/problems/forbidden"));
        mvc.perform(get("/api/v1/workloads?scope=all&page=2147483647&size=2").with(as("admin")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items").isEmpty());
        mvc.perform(get("/api/v1/workloads?page=99999999999").with(as("member")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.page").exists());
    }

    @Test
    void anIdempotencyKeyReusedWithAnotherBodyIs422() throws Exception {
        send(post("/api/v1/workloads").header("Idempotency-Key", "k-422"), "member", notebook("nlp", "idem-a"))
                .andExpect(status().isCreated());
        send(post("/api/v1/workloads").header("Idempotency-Key", "k-422"), "member", notebook("nlp", "idem-a"))
                .andExpect(status().isOk());
        send(post("/api/v1/workloads").header("Idempotency-Key", "k-422"), "member", notebook("nlp", "idem-b"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(header().string("Content-Type", containsString(PROBLEM)));
        send(
                        post("/api/v1/workloads").header("Idempotency-Key", "k-422"),
                        "member",
                        notebook("nlp", "idem-a").replace("\"4Gi\"", "\"8Gi\""))
                .andExpect(status().isUnprocessableContent());
    }

    @Test
    void tenantChangesNeedIfMatchAndTenantsCanBeArchived() throws Exception {
        send(post("/api/v1/tenants"), "admin", "{\"slug\":\"to-archive\",\"displayName\":\"Soon gone\"}")
                .andExpect(status().isCreated());
        send(put("/api/v1/tenants/to-archive"), "admin", "{\"displayName\":\"No If-Match\"}")
                .andExpect(status().isPreconditionRequired())
                .andExpect(header().string("Content-Type", containsString(PROBLEM)));
        send(put("/api/v1/tenants/to-archive/quota"), "admin", "{\"gpus\":\"1\"}")
                .andExpect(status().isPreconditionRequired());
        mvc.perform(delete("/api/v1/tenants/to-archive").with(as("admin")))
                .andExpect(status().isPreconditionRequired());
        String etag = etag("/api/v1/tenants/to-archive");
        mvc.perform(delete("/api/v1/tenants/to-archive")
                        .with(as("other-tenant"))
                        .header("If-Match", etag))
                .andExpect(status().isNotFound());
        mvc.perform(delete("/api/v1/tenants/to-archive").with(as("admin")).header("If-Match", "\"999\""))
                .andExpect(status().isConflict());
        mvc.perform(delete("/api/v1/tenants/to-archive").with(as("admin")).header("If-Match", etag))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("archived"));
        mvc.perform(delete("/api/v1/tenants/nlp").with(as("member")).header("If-Match", etag("/api/v1/tenants/nlp")))
                .andExpect(status().isForbidden());
    }

    @Test
    void aTenantPutNamingAnotherSlugIsRefusedNotIgnored() throws Exception {
        send(post("/api/v1/tenants"), "admin", "{\"slug\":\"keeps-slug\",\"displayName\":\"Keeps\"}")
                .andExpect(status().isCreated());
        send(
                        put("/api/v1/tenants/keeps-slug").header("If-Match", etag("/api/v1/tenants/keeps-slug")),
                        "admin",
                        "{\"slug\":\"moved\",\"displayName\":\"Moved\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.slug").value(containsString("does not change")));
        mvc.perform(get("/api/v1/tenants/keeps-slug").with(as("admin")))
                .andExpect(jsonPath("$.displayName").value("Keeps"));
        send(
                        put("/api/v1/tenants/keeps-slug").header("If-Match", etag("/api/v1/tenants/keeps-slug")),
                        "admin",
                        "{\"slug\":\"keeps-slug\",\"displayName\":\"Kept\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.displayName").value("Kept"));
    }

    @Test
    void unknownApiPathsAre404ProblemsAndWrongMethods405WithAllow() throws Exception {
        mvc.perform(get("/api/v1/nothing-here").with(as("member")))
                .andExpect(status().isNotFound())
                .andExpect(header().string("Content-Type", containsString(PROBLEM)));
        mvc.perform(patch("/api/v1/tenants/nlp").with(as("admin")))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(header().string("Allow", containsString("PUT")))
                .andExpect(header().string("Content-Type", containsString(PROBLEM)));
        mvc.perform(put("/api/v1/workloads").with(as("member")))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(header().string("Allow", containsString("POST")));
    }
}
