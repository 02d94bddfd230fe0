package dev.gpuportal.api;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a body with the portal's strict mapper at the moment an endpoint chooses: after its rights check, so that
 * a caller who may not change something learns nothing from how their body was read.
 */
@Component
class JsonBodies {

    private final JsonMapper json;

    JsonBodies(JsonMapper json) {
        this.json = json;
    }

    <T> T read(String body, Class<T> type) {
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw dev.gpuportal.base.InvalidInputException.of("body", "A JSON object is expected");
            }
            return value;
        } catch (JacksonException e) {
            throw BodyErrors.describe(e);
        }
    }
}
