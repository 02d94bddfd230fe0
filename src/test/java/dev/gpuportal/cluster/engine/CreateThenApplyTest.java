package dev.gpuportal.cluster.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreateThenApplyTest {

    static final String PORTAL = "gpu-portal";

    final Map<String, Object> wanted = Map.of(
            "apiVersion",
            "v1",
            "kind",
            "ResourceQuota",
            "metadata",
            Map.of("name", "quota", "namespace", "t", "labels", Map.of("owner", "portal")),
            "spec",
            Map.of("hard", Map.of("requests.cpu", "4", "requests.nvidia.com/mig-1g.10gb", "7")));

    @Test
    void theCreatedObjectCarriesTheHashOfWhatWasWantedAndNothingElseChanges() {
        Map<String, Object> body = CreateThenApply.body(wanted);

        assertThat(body.get("spec")).isEqualTo(wanted.get("spec"));
        assertThat(body.get("metadata"))
                .isEqualTo(Map.of(
                        "name",
                        "quota",
                        "namespace",
                        "t",
                        "labels",
                        Map.of("owner", "portal"),
                        "annotations",
                        Map.of(CreateThenApply.ANNOTATION, CreateThenApply.hashOf(wanted))));
        assertThat(wanted.get("metadata"))
                .isEqualTo(Map.of("name", "quota", "namespace", "t", "labels", Map.of("owner", "portal")));
    }

    @Test
    void theHashDoesNotDependOnTheOrderOfKeysButOnEveryValueAndOnTheOrderOfLists() {
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put(
                "spec",
                Map.of(
                        "hard",
                        new java.util.TreeMap<>(Map.of("requests.nvidia.com/mig-1g.10gb", "7", "requests.cpu", "4"))));
        reordered.put("metadata", wanted.get("metadata"));
        reordered.put("kind", "ResourceQuota");
        reordered.put("apiVersion", "v1");

        assertThat(CreateThenApply.hashOf(reordered))
                .isEqualTo(CreateThenApply.hashOf(wanted))
                .hasSize(32);
        assertThat(CreateThenApply.hashOf(Map.of("spec", Map.of("hard", Map.of("requests.cpu", "4")))))
                .isNotEqualTo(CreateThenApply.hashOf(Map.of("spec", Map.of("hard", Map.of("requests.cpu", "5")))));
        assertThat(CreateThenApply.hashOf(Map.of("args", List.of("a", "b"))))
                .isNotEqualTo(CreateThenApply.hashOf(Map.of("args", List.of("b", "a"))));
    }

    @Test
    void anObjectThePortalCreatedIsUpToDateWhileThePortalWantsWhatItCreatedIt() {
        Map<String, Object> live = created(wanted, List.of(entry(PORTAL, "Update", null)));

        assertThat(LiveState.upToDate(wanted, live, PORTAL)).isTrue();

        // the portal stops setting a key: the values still match, yet the object must be written
        Map<String, Object> fewer =
                Map.of("metadata", wanted.get("metadata"), "spec", Map.of("hard", Map.of("requests.cpu", "4")));
        assertThat(LiveState.satisfiedBy(fewer, live)).isTrue();
        assertThat(LiveState.upToDate(fewer, live, PORTAL)).isFalse();
    }

    @Test
    void aCreatedObjectWhoseHashWasRemovedOrThatSomeoneElseCreatedIsWrittenAgain() {
        Map<String, Object> withoutHash = new LinkedHashMap<>(created(wanted, List.of(entry(PORTAL, "Update", null))));
        Map<String, Object> meta = new LinkedHashMap<>(castMap(withoutHash.get("metadata")));
        meta.remove("annotations");
        withoutHash.put("metadata", meta);
        assertThat(LiveState.upToDate(wanted, withoutHash, PORTAL)).isFalse();

        Map<String, Object> byHand = created(wanted, List.of(entry("kubectl-create", "Update", null)));
        assertThat(CreateThenApply.createdNotApplied(byHand, PORTAL)).isFalse();
        assertThat(LiveState.upToDate(wanted, byHand, PORTAL)).isFalse();
    }

    @Test
    void onlyAnObjectThePortalCreatedAndNeverAppliedIsCreatedNotApplied() {
        assertThat(CreateThenApply.createdNotApplied(created(wanted, List.of(entry(PORTAL, "Update", null))), PORTAL))
                .isTrue();
        assertThat(CreateThenApply.createdNotApplied(
                        created(wanted, List.of(entry(PORTAL, "Update", null), entry(PORTAL, "Apply", null))), PORTAL))
                .isFalse();
        // a status written by the portal is not the object
        assertThat(CreateThenApply.createdNotApplied(
                        created(wanted, List.of(entry(PORTAL, "Update", "status"))), PORTAL))
                .isFalse();
        assertThat(CreateThenApply.createdNotApplied(wanted, PORTAL)).isFalse();
    }

    @Test
    void thePortalsCreateEntryBecomesItsApplyEntryAndEveryOtherEntryStaysAsItWas() {
        Map<String, Object> live = created(
                wanted,
                List.of(
                        entry(PORTAL, "Update", null),
                        entry(PORTAL, "Update", "status"),
                        entry("kube-controller-manager", "Update", "status"),
                        entry("kueue", "Update", null)));

        List<Map<String, Object>> owned = CreateThenApply.ownedAsApplied(live, PORTAL);

        assertThat(owned)
                .extracting(e -> e.get("manager") + "/" + e.get("operation") + "/" + e.getOrDefault("subresource", ""))
                .containsExactly(
                        "gpu-portal/Apply/",
                        "gpu-portal/Update/status",
                        "kube-controller-manager/Update/status",
                        "kueue/Update/");
        assertThat(owned.getFirst().get("fieldsV1"))
                .isEqualTo(entry(PORTAL, "Update", null).get("fieldsV1"));
        assertThat(owned.getFirst()).containsEntry("apiVersion", "v1").containsEntry("fieldsType", "FieldsV1");
    }

    private static Map<String, Object> created(Map<String, Object> desired, List<Map<String, Object>> managedFields) {
        Map<String, Object> live = new LinkedHashMap<>(CreateThenApply.body(desired));
        Map<String, Object> meta = new LinkedHashMap<>(castMap(live.get("metadata")));
        meta.put("uid", "7f1c");
        meta.put("resourceVersion", "42");
        meta.put("managedFields", managedFields);
        live.put("metadata", meta);
        live.put("status", Map.of("used", Map.of("requests.cpu", "1")));
        return live;
    }

    private static Map<String, Object> entry(String manager, String operation, String subresource) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("manager", manager);
        entry.put("operation", operation);
        entry.put("apiVersion", "v1");
        entry.put("time", "2026-11-30T16:00:00Z");
        entry.put("fieldsType", "FieldsV1");
        entry.put(
                "fieldsV1",
                "status".equals(subresource)
                        ? Map.of("f:status", Map.of("f:used", Map.of()))
                        : Map.of("f:spec", Map.of("f:hard", Map.of(".", Map.of(), "f:requests.cpu", Map.of()))));
        if (subresource != null) {
            entry.put("subresource", subresource);
        }
        return entry;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object map) {
        return (Map<String, Object>) map;
    }
}
