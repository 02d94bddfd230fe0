package dev.gpuportal.workload;

/** An Idempotency-Key sent again with a different request than the one it first came with. */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException(String key) {
        super("Idempotency-Key '" + key + "' was used for a different request: use a new key for a new request");
    }
}
