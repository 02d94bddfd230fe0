package dev.gpuportal.base;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Input that breaks a rule. Carries one message per field (by the field's name in the form or API body) so that
 * each message can be shown where it was typed.
 */
public class InvalidInputException extends RuntimeException {

    private final Map<String, String> fieldErrors;

    public InvalidInputException(Map<String, String> fieldErrors) {
        super(summary(fieldErrors));
        this.fieldErrors = Map.copyOf(new LinkedHashMap<>(fieldErrors));
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(Map.of(field, message));
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    private static String summary(Map<String, String> errors) {
        StringBuilder text = new StringBuilder();
        errors.forEach((field, message) -> text.append(text.isEmpty() ? "" : "; ")
                .append(field)
                .append(": ")
                .append(message));
        return text.toString();
    }
}
