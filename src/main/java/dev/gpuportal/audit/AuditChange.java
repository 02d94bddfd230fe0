package dev.gpuportal.audit;

/** One field of an object as an audit entry changed it; {@code before} or {@code after} is null where absent. */
public record AuditChange(String field, String before, String after) {

    /** "gpus: 2 → 4", with "—" for a value that was not there. */
    public String describe() {
        return field + ": " + orDash(before) + " → " + orDash(after);
    }

    static String orDash(String value) {
        return value == null ? "—" : value;
    }
}
