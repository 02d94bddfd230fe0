package dev.gpuportal.base;

/** A request that clashes with the current state: a stale version, a duplicate, a tenant still in use. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
