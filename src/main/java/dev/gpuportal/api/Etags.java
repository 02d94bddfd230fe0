package dev.gpuportal.api;

import dev.gpuportal.base.InvalidInputException;

/** Versions travel as ETags: "3" or W/"3". */
final class Etags {

    private Etags() {}

    static long version(String ifMatch) {
        String v = ifMatch == null ? "" : ifMatch.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw InvalidInputException.of("If-Match", "Send the ETag you read, e.g. If-Match: \"3\"");
        }
    }
}
