package dev.gpuportal.audit;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Audit entries as CSV (RFC 4180, one line per entry, newest first): the time in UTC, who, what, the changes in words
 * and the raw before/after snapshots. Cells that a spreadsheet would run as a formula are quoted with a leading '.
 */
public final class AuditCsv {

    static final String HEADER = "time,actor,action,object,key,tenant,changes,before,after";

    private AuditCsv() {}

    public static String of(List<AuditEvent> events) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (AuditEvent e : events) {
            csv.append(Stream.of(
                                    DateTimeFormatter.ISO_INSTANT.format(e.getOccurredAt()),
                                    e.getActor(),
                                    e.getAction().toLowerCase(),
                                    e.getEntityType(),
                                    e.getEntityKey(),
                                    e.getTenantSlug(),
                                    AuditChanges.summary(AuditChanges.of(e)),
                                    e.getBeforeState(),
                                    e.getAfterState())
                            .map(AuditCsv::cell)
                            .collect(Collectors.joining(",")))
                    .append("\r\n");
        }
        return csv.toString();
    }

    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r");
        return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
