package dev.gpuportal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An audit entry read as "what changed, old → new". */
class AuditChangesTest {

    @Test
    void anUpdateListsOnlyTheFieldsThatChangedWithOldAndNewValues() {
        var changes = AuditChanges.between(
                "{\"gpus\":\"2\",\"cpu\":\"64\",\"memory\":\"256Gi\",\"maxWorkloads\":10}",
                "{\"gpus\":\"4\",\"cpu\":\"64\",\"memory\":\"512Gi\",\"maxWorkloads\":10}");

        assertThat(changes)
                .containsExactly(new AuditChange("gpus", "2", "4"), new AuditChange("memory", "256Gi", "512Gi"));
        assertThat(AuditChanges.summary(changes)).isEqualTo("gpus: 2 → 4; memory: 256Gi → 512Gi");
    }

    @Test
    void aCreationHasOnlyNewValuesAndADeletionOnlyOldOnes() {
        assertThat(AuditChanges.between(null, "{\"slug\":\"nlp\",\"regions\":[\"eu-central\",\"eu-west\"]}"))
                .containsExactly(
                        new AuditChange("slug", null, "nlp"),
                        new AuditChange("regions", null, "[eu-central, eu-west]"));
        assertThat(AuditChanges.between("{\"subject\":\"nlp-team\",\"description\":null}", null))
                .containsExactly(new AuditChange("subject", "nlp-team", null));
        assertThat(new AuditChange("subject", "nlp-team", null).describe()).isEqualTo("subject: nlp-team → —");
        assertThat(AuditChanges.summary(AuditChanges.between(null, "{\"slug\":\"nlp\",\"cpu\":\"64\"}")))
                .isEqualTo("new: slug nlp; cpu 64");
        assertThat(AuditChanges.summary(AuditChanges.between("{\"subject\":\"nlp-team\"}", null)))
                .isEqualTo("removed: subject nlp-team");
    }

    @Test
    void nestedObjectsAreComparedFieldByFieldUnderDottedNames() {
        var changes = AuditChanges.between(
                "{\"caps\":{\"mig-1g.10gb\":4,\"h100\":1}}", "{\"caps\":{\"mig-1g.10gb\":6,\"h100\":1},\"x\":{}}");

        assertThat(changes).containsExactly(new AuditChange("caps.mig-1g.10gb", "4", "6"));
    }

    @Test
    void aSnapshotThatIsNotJsonIsShownAsItIsRatherThanHidden() {
        assertThat(AuditChanges.between("plain text", "{\"a\":1}"))
                .containsExactly(new AuditChange("state", "plain text", null), new AuditChange("a", null, "1"));
    }

    @Test
    void emptyValuesCountAsNotSet() {
        assertThat(AuditChanges.between(null, "{\"idle\":\"\",\"caps\":{},\"pools\":[],\"cpu\":\"8\"}"))
                .containsExactly(new AuditChange("cpu", null, "8"));
        assertThat(AuditChanges.between("{\"idle\":\"2h\"}", "{\"idle\":\"\"}"))
                .containsExactly(new AuditChange("idle", "2h", null));
    }

    @Test
    void nothingChangedGivesNoChanges() {
        assertThat(AuditChanges.between("{\"a\":1}", "{\"a\":1}")).isEmpty();
    }
}
