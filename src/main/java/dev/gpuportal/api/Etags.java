package dev.gpuportal.api;

import dev.gpuportal.base.InvalidInputException;

/** Versions travel as ETags: "3" or W/"3". */
final class Etags {

    private Etags() {}

    /** The version an If-Match names; 428 when there is none, 400 when it is no version of ours. */
    static long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ApiErrors.PreconditionRequired();
        }
        String v = ifMatch.strip();
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
