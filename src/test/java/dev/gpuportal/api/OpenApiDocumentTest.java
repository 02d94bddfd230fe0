package dev.gpuportal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

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
            if (!e.getValue().getBeanType().getPackageName().equals("dev.gpuportal.api")) {
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
}
