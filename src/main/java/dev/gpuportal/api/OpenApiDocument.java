package dev.gpuportal.api;

import java.io.IOException;
import java.io.InputStream;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves the API's OpenAPI document, kept in the repository at src/main/resources/api/openapi.yaml. */
@RestController
class OpenApiDocument {

    @GetMapping(value = "/api/v1/openapi.yaml", produces = "application/yaml;charset=UTF-8")
    byte[] openApi() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/api/openapi.yaml")) {
            return in.readAllBytes();
        }
    }
}
