package dev.gpuportal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV export: one line per entry, cells quoted where needed, nothing a spreadsheet would run as a formula. */
class AuditCsvTest {

    @Test
    void oneLinePerEntryWithTheChangesInWordsAndTheRawSnapshots() {
        AuditEvent event = new AuditEvent(
                Instant.parse("2026-11-29T10:15:30Z"),
                "admin",
                "UPDATE",
                "quota",
                "nlp",
                "nlp",
                "{\"gpus\":\"2\",\"cpu\":\"64\"}",
                "{\"gpus\":\"4\",\"cpu\":\"64\"}");

        String csv = AuditCsv.of(List.of(event));

        assertThat(csv.split("\r\n"))
                .containsExactly(
                        AuditCsv.HEADER,
                        "2026-11-29T10:15:30Z,admin,update,quota,nlp,nlp,gpus: 2 → 4,"
                                + "\"{\"\"gpus\"\":\"\"2\"\",\"\"cpu\"\":\"\"64\"\"}\","
                                + "\"{\"\"gpus\"\":\"\"4\"\",\"\"cpu\"\":\"\"64\"\"}\"");
    }

    @Test
    void cellsAreQuotedWhereCsvNeedsItAndFormulasAreDefused() {
        assertThat(AuditCsv.cell(null)).isEmpty();
        assertThat(AuditCsv.cell("plain")).isEqualTo("plain");
        assertThat(AuditCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(AuditCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(AuditCsv.cell("-1+1")).isEqualTo("'-1+1");
        assertThat(AuditCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    }
}
