package dev.gpuportal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;

/** The OpenAPI document is served without a login and lists exactly the API's endpoints. */
@SpringBootTest
@AutoConfigureMockMvc
class OpenApiDocumentTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    @SuppressWarnings("unchecked")
    void documentsEveryEndpoint() throws Exception {
        String yaml = mvc.perform(get("/api/v1/openapi.yaml"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        Map<String, Object> document = new Yaml().load(yaml);
        Set<String> documented = new TreeSet<>();
        ((Map<String, Map<String, Object>>) document.get("paths"))
                .forEach((path, operations) -> operations
                        .keySet()
                        .forEach(method -> documented.add(method.toUpperCase() + " /api/v1" + path)));

        Set<String> served = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e :
                mappings.getHandlerMethods().entrySet()) {
            if (!e.getValue().getBeanType().getPackageName().equals("dev.gpuportal.api")
                    || e.getValue().getBeanType() == UnmatchedApiPaths.class) {
                continue;
            }
            for (String path : e.getKey().getPatternValues()) {
                if (path.endsWith("openapi.yaml")) {
                    continue;
                }
                e.getKey().getMethodsCondition().getMethods().forEach(m -> served.add(m.name() + " " + path));
            }
        }
        assertThat(documented).isEqualTo(served);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationDocumentsItsProblemAnswers() throws Exception {
        List<String> missing = new ArrayList<>();
        document()
                .get("paths")
                .forEach((path, operations) -> ((Map<String, Map<String, Object>>) operations)
                        .forEach((method, operation) -> {
                            Set<String> codes = ((Map<String, Object>) operation.get("responses")).keySet();
                            boolean open = List.of().equals(operation.get("security"));
                            List<String> expected = new ArrayList<>();
                            if (!open) {
                                expected.add("401");
                            }
                            if (path.contains("{")) {
                                expected.add("404");
                            }
                            if (operation.containsKey("requestBody")) {
                                expected.addAll(List.of("400", "413", "415"));
                            }
                            if (!open && !method.equals("get")) {
                                expected.add("403");
                            }
                            expected.stream()
                                    .filter(code -> !codes.contains(code))
                                    .forEach(code -> missing.add(method + " " + path + " " + code));
                        }));
        assertThat(missing).isEmpty();
    }

    /** What the document marks required is what the server refuses to go without, and nothing more. */
    @Test
    @SuppressWarnings("unchecked")
    void requiredWorkloadFieldsAreTheServersOwn() throws Exception {
        Map<String, Object> schemas =
                (Map<String, Object>) ((Map<String, Object>) document().get("components")).get("schemas");
        Map<String, Map<String, Object>> examples = Map.of(
                "NotebookInput",
                Map.of(
                        "kind",
                        "notebook",
                        "tenant",
                        "nlp",
                        "image",
                        "quay.io/jupyter/scipy-notebook:2026-11-02",
                        "cpu",
                        "1",
                        "memory",
                        "4Gi",
                        "workspace",
                        "10Gi",
                        "gpuProfile",
                        "mig-1g.10gb"),
                "TrainingInput",
                Map.of(
                        "kind",
                        "training",
                        "tenant",
                        "nlp",
                        "image",
                        "nvcr.io/nvidia/pytorch:26.10-py3",
                        "cpu",
                        "1",
                        "memory",
                        "4Gi",
                        "command",
                        List.of("python"),
                        "checkpoint",
                        "10Gi",
                        "maxRunTime",
                        "1h"),
                "InferenceInput",
                Map.of(
                        "kind",
                        "inference",
                        "tenant",
                        "nlp",
                        "image",
                        "nvcr.io/nvidia/tritonserver:26.10-py3",
                        "cpu",
                        "1",
                        "memory",
                        "4Gi",
                        "port",
                        8000,
                        "readinessPath",
                        "/v2/health/ready"));
        List<String> wrong = new ArrayList<>();
        int n = 0;
        for (var example : examples.entrySet()) {
            Map<String, Object> schema = (Map<String, Object>) schemas.get(example.getKey());
            List<String> required = (List<String>) schema.get("required");
            for (String field : example.getValue().keySet()) {
                if (field.equals("kind")) {
                    continue;
                }
                Map<String, Object> body = new java.util.LinkedHashMap<>(example.getValue());
                body.put("name", "req-" + n++);
                body.remove(field);
                var response = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(
                                        "/api/v1/workloads")
                                .with(ApiAuthorizationMatrixTest.as("member"))
                                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                                .content(JSON.writeValueAsString(body)))
                        .andReturn()
                        .getResponse();
                boolean refused = response.getStatus() == 400
                        && response.getContentAsString().contains("\"" + field + "\":");
                if (refused != required.contains(field)) {
                    wrong.add(example.getKey() + "." + field + (refused ? " is required by the server" : " is not"));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** The same for the tenant, quota, sharing, member, token and settings bodies: each example is accepted whole. */
    @Test
    void requiredFieldsOfTheOtherBodiesAreTheServersOwn() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/tenants")
                        .with(ApiAuthorizationMatrixTest.as("admin"))
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .content("{\"slug\":\"req-put\",\"displayName\":\"Required fields\"}"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status()
                        .isCreated());
        List<String> wrong = new ArrayList<>();
        Map<String, Object> tenant = Map.of(
                "slug",
                "req-put",
                "displayName",
                "Renamed",
                "description",
                "d",
                "isolationTier",
                "shared",
                "allowedRegions",
                List.of());
        wrong.addAll(misjudged("post", "/tenants", "admin", tenant));
        wrong.addAll(misjudged("put", "/tenants/req-put", "admin", tenant));
        wrong.addAll(misjudged(
                "put",
                "/tenants/req-put/quota",
                "admin",
                Map.of(
                        "gpus",
                        "1",
                        "caps",
                        Map.of(),
                        "cpu",
                        "4",
                        "memory",
                        "16Gi",
                        "storage",
                        "100Gi",
                        "maxWorkloads",
                        5,
                        "notebookIdleLimit",
                        "4h")));
        wrong.addAll(misjudged(
                "put", "/tenants/req-put/quota/sharing", "admin", Map.of("borrowingLimit", "0", "lendingLimit", "0")));
        wrong.addAll(misjudged(
                "post",
                "/tenants/req-put/members",
                "admin",
                Map.of("type", "user", "subject", "sam", "role", "member")));
        wrong.addAll(misjudged("post", "/demo-tokens", "anonymous", Map.of("username", "nina", "password", "demo")));
        wrong.addAll(misjudged(
                "put",
                "/metrics/settings",
                "admin",
                Map.of("idleThresholdPercent", 5, "idleMinutes", 30, "prices", Map.of())));
        assertThat(wrong).isEmpty();
    }

    private int created;

    /** Sends the whole example (which must succeed), then each field left out once; what the server refuses naming the field must be what the document requires. */
    @SuppressWarnings("unchecked")
    private List<String> misjudged(String method, String path, String caller, Map<String, Object> example)
            throws Exception {
        Map<String, Object> operation = (Map<String, Object>)
                ((Map<String, Object>) document().get("paths").get(path.replace("req-put", "{slug}"))).get(method);
        Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>)
                        ((Map<String, Object>) ((Map<String, Object>) operation.get("requestBody")).get("content"))
                                .get("application/json"))
                .get("schema");
        List<String> required = required(schema);
        List<String> wrong = new ArrayList<>();
        var whole = send(method, path, caller, example, null);
        if (whole.getStatus() >= 300) {
            wrong.add(method + " " + path + " refused its whole example: " + whole.getContentAsString());
        }
        for (String field : example.keySet()) {
            var response = send(method, path, caller, example, field);
            boolean refused =
                    response.getStatus() == 400 && response.getContentAsString().contains("\"" + field + "\":");
            if (refused != required.contains(field)) {
                wrong.add(method + " " + path + " " + field + (refused ? " is required by the server" : " is not"));
            }
        }
        return wrong;
    }

    @SuppressWarnings("unchecked")
    private List<String> required(Map<String, Object> schema) throws Exception {
        if (schema.containsKey("$ref")) {
            String name = ((String) schema.get("$ref")).substring("#/components/schemas/".length());
            var schemas = (Map<String, Object>) document().get("components").get("schemas");
            return required((Map<String, Object>) schemas.get(name));
        }
        List<String> required = new ArrayList<>((List<String>) schema.getOrDefault("required", List.of()));
        for (Object part : (List<Object>) schema.getOrDefault("allOf", List.of())) {
            required.addAll(required((Map<String, Object>) part));
        }
        return required;
    }

    /** A request with {@code leftOut} removed from the body; tenant creations get a fresh slug, changes the ETag read. */
    private org.springframework.mock.web.MockHttpServletResponse send(
            String method, String path, String caller, Map<String, Object> example, String leftOut) throws Exception {
        Map<String, Object> body = new java.util.LinkedHashMap<>(example);
        if (path.equals("/tenants") && method.equals("post")) {
            body.put("slug", "req-new-" + created++);
        }
        body.remove(leftOut);
        var request = org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request(
                        org.springframework.http.HttpMethod.valueOf(method.toUpperCase()), "/api/v1" + path)
                .with(ApiAuthorizationMatrixTest.as(caller))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .content(JSON.writeValueAsString(body));
        if (method.equals("put") && path.startsWith("/tenants/")) {
            request.header(
                    "If-Match",
                    mvc.perform(get("/api/v1" + path).with(ApiAuthorizationMatrixTest.as(caller)))
                            .andReturn()
                            .getResponse()
                            .getHeader("ETag"));
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> document() throws Exception {
        String yaml = mvc.perform(get("/api/v1/openapi.yaml"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        return new Yaml().load(yaml);
    }
}
