package dev.gpuportal.api;

import dev.gpuportal.base.InvalidInputException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Says, per field, why the strict mapper refused a body: the same 400 shape as the services' own refusals. */
final class BodyErrors {

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"([^\"]*)\"");

    private BodyErrors() {}

    static InvalidInputException describe(HttpMessageNotReadableException e) {
        JacksonException cause = jacksonCause(e);
        if (cause == null) {
            return InvalidInputException.of("body", "A JSON object is expected");
        }
        return describe(cause);
    }

    static InvalidInputException describe(JacksonException e) {
        String field = path(e.getPath());
        return switch (e) {
            case UnrecognizedPropertyException u ->
                InvalidInputException.of(field, "Unknown field; expected one of " + names(u.getKnownPropertyIds()));
            case InvalidTypeIdException t ->
                InvalidInputException.of(join(field, "kind"), "One of notebook, training, inference");
            case InvalidNullException n -> InvalidInputException.of(field, "A value is expected, not null");
            case MismatchedInputException m -> InvalidInputException.of(orBody(field), expected(m));
            case StreamReadException s
            when DUPLICATE.matcher(s.getOriginalMessage()).find() -> {
                Matcher duplicate = DUPLICATE.matcher(s.getOriginalMessage());
                duplicate.find();
                yield InvalidInputException.of(duplicate.group(1), "Given more than once");
            }
            default ->
                InvalidInputException.of(
                        "body",
                        "Not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                                + e.getLocation().getColumnNr());
        };
    }

    private static String expected(MismatchedInputException m) {
        if (Requests.WHOLE_NUMBER_OR_TEXT.equals(m.getOriginalMessage())) {
            return Requests.WHOLE_NUMBER_OR_TEXT;
        }
        Class<?> type = m.getTargetType();
        if (type == null) {
            return "A JSON object is expected";
        }
        if (type == String.class) {
            return "A string is expected";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "A list is expected";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || type.isInterface()) {
            return "An object is expected";
        }
        return "Not a valid value";
    }

    private static JacksonException jacksonCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException jackson) {
                return jackson;
            }
        }
        return null;
    }

    private static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String join(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    private static String orBody(String field) {
        return field.isEmpty() ? "body" : field;
    }

    private static String names(Collection<Object> known) {
        TreeSet<String> sorted = new TreeSet<>();
        known.forEach(k -> sorted.add(String.valueOf(k)));
        return String.join(", ", sorted);
    }
}
