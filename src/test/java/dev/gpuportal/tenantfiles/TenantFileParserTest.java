package dev.gpuportal.tenantfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TenantFileParserTest {

    static final String SPEECH = """
            slug: speech
            displayName: Speech Recognition
            allowedRegions: [eu-central]
            clusters: ["*"]
            members:
              - group: speech-team
                role: member
              - user: lea
                role: tenant-admin
            quota:
              gpus: "3"
              memory: 192Gi
              caps:
                mig-3g.40gb: 4
            """;

    @Test
    void aFileBecomesItsFieldsWithTheLineOfEach() {
        TenantFile file = TenantFileParser.parse(SPEECH);

        assertThat(file.slug()).isEqualTo("speech");
        assertThat(file.allowedRegions()).containsExactly("eu-central");
        assertThat(file.clusters()).containsExactly("*");
        assertThat(file.members())
                .containsExactly(
                        new TenantFile.Member("group", "speech-team", "member"),
                        new TenantFile.Member("user", "lea", "tenant-admin"));
        assertThat(file.quota()).containsEntry("gpus", "3").containsEntry("memory", "192Gi");
        assertThat(file.caps()).containsEntry("mig-3g.40gb", "4");
        assertThat(file.nodePools()).isEqualTo(List.of());
        assertThat(file.lineOf("quota.memory")).isEqualTo(12);
        assertThat(file.lineOf("members[1]")).isEqualTo(8);
        assertThat(file.lineOf("quota.cpu"))
                .as("an absent field points at its parent")
                .isEqualTo(10);
    }

    @Test
    void anUnknownFieldIsNamedWithTheFieldsThatExistAndItsLine() {
        assertThatThrownBy(() -> TenantFileParser.parse("slug: x\ndisplayname: X\n"))
                .isInstanceOfSatisfying(TenantFileParser.ParseException.class, e -> {
                    assertThat(e.line).isEqualTo(2);
                    assertThat(e.getMessage())
                            .startsWith("Unknown field 'displayname': expected one of")
                            .contains("displayName");
                });
        assertThatThrownBy(() -> TenantFileParser.parse("slug: x\nquota:\n  gpu: 1\n"))
                .isInstanceOfSatisfying(TenantFileParser.ParseException.class, e -> {
                    assertThat(e.line).isEqualTo(3);
                    assertThat(e.getMessage()).startsWith("Unknown field 'quota.gpu'");
                });
    }

    @Test
    void membersNameAGroupOrAUserAndARole() {
        assertThatThrownBy(() ->
                        TenantFileParser.parse("slug: x\nmembers:\n  - group: a\n    user: b\n    role: member\n"))
                .hasMessage("Each member names either a group or a user");
        assertThatThrownBy(() -> TenantFileParser.parse("slug: x\nmembers:\n  - group: a\n"))
                .hasMessageStartingWith("Each member needs a role");
        assertThatThrownBy(() -> TenantFileParser.parse("slug: x\nmembers: team-a\n"))
                .hasMessageStartingWith("members is a list");
    }

    @Test
    void brokenYamlAKeyTwiceAndWrongShapesAreRefusedWithALine() {
        assertThatThrownBy(() -> TenantFileParser.parse("slug: [x\n"))
                .isInstanceOf(TenantFileParser.ParseException.class)
                .hasMessageStartingWith("Not valid YAML");
        assertThatThrownBy(() -> TenantFileParser.parse("slug: x\nquota:\n  cpu: 4\n  cpu: 8\n"))
                .isInstanceOfSatisfying(TenantFileParser.ParseException.class, e -> {
                    assertThat(e.line).isEqualTo(4);
                    assertThat(e.getMessage()).isEqualTo("'quota.cpu' appears twice (first on line 3)");
                });
        assertThatThrownBy(() -> TenantFileParser.parse("- slug: x\n"))
                .hasMessageStartingWith("A tenant file is a mapping");
        assertThatThrownBy(() -> TenantFileParser.parse("slug: x\nallowedRegions: eu-central\n"))
                .isInstanceOfSatisfying(TenantFileParser.ParseException.class, e -> {
                    assertThat(e.line).isEqualTo(2);
                    assertThat(e.getMessage()).isEqualTo("allowedRegions must be a list, e.g. [eu-central]");
                });
    }
}
