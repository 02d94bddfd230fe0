package dev.gpuportal.base;

import java.time.Duration;

/**
 * The portal cannot take the request right now (another request holds what it needs, or work is queued up beyond
 * its bound) and nothing was changed: the client should try again after {@link #retryAfter()}. A conflict with the
 * current moment, not with the current state, so pages show it like any other conflict; the API answers 503 with
 * Retry-After.
 */
public class BusyException extends ConflictException {

    private final Duration retryAfter;

    public BusyException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
