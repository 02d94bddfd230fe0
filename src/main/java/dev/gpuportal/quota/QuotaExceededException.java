package dev.gpuportal.quota;

/** A request that would take the tenant past its quota; the message gives the numbers and a way out. */
public class QuotaExceededException extends RuntimeException {

    public QuotaExceededException(String message) {
        super(message);
    }
}
