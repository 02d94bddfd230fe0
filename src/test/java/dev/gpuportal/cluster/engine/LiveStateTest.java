package dev.gpuportal.cluster.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveStateTest {

    @Test
    void liveObjectWithExtraFieldsSatisfiesTheDesiredOne() {
        Map<String, Object> desired =
                Map.of("metadata", Map.of("name", "q"), "spec", Map.of("hard", Map.of("cpu", "4")));
        Map<String, Object> live = Map.of(
                "metadata", Map.of("name", "q", "uid", "123", "resourceVersion", "9"),
                "spec", Map.of("hard", Map.of("cpu", "4")),
                "status", Map.of("used", Map.of("cpu", "1")));
        assertThat(LiveState.satisfiedBy(desired, live)).isTrue();
    }

    @Test
    void quantitiesCompareByValue() {
        assertThat(LiveState.satisfiedBy(
                        Map.of("hard", Map.of("memory", "1Gi", "cpu", "0.5")),
                        Map.of("hard", Map.of("memory", "1024Mi", "cpu", "500m"))))
                .isTrue();
        assertThat(LiveState.satisfiedBy(Map.of("hard", Map.of("cpu", "4")), Map.of("hard", Map.of("cpu", "3"))))
                .isFalse();
    }

    @Test
    void aChangedOrMissingFieldNeedsAWrite() {
        assertThat(LiveState.satisfiedBy(Map.of("spec", Map.of("a", "1")), Map.of("spec", Map.of())))
                .isFalse();
        assertThat(LiveState.satisfiedBy(
                        Map.of("subjects", List.of(Map.of("name", "x"), Map.of("name", "y"))),
                        Map.of("subjects", List.of(Map.of("name", "x")))))
                .isFalse();
    }

    @Test
    void aFieldThePortalAppliedBeforeButNoLongerSetsNeedsAWrite() {
        Map<String, Object> desired = Map.of(
                "metadata", Map.of("name", "q", "labels", Map.of("owner", "portal")),
                "spec", Map.of("hard", Map.of("requests.cpu", "4")));
        Map<String, Object> live = Map.of(
                "metadata",
                Map.of(
                        "name",
                        "q",
                        "labels",
                        Map.of("owner", "portal"),
                        "managedFields",
                        List.of(applied(
                                "gpu-portal",
                                Map.of(
                                        "f:metadata",
                                        Map.of("f:labels", Map.of(".", Map.of(), "f:owner", Map.of())),
                                        "f:spec",
                                        Map.of(
                                                "f:hard",
                                                Map.of(
                                                        ".",
                                                        Map.of(),
                                                        "f:requests.cpu",
                                                        Map.of(),
                                                        "f:requests.nvidia.com/mig-1g.10gb",
                                                        Map.of())))))),
                "spec",
                Map.of("hard", Map.of("requests.cpu", "4", "requests.nvidia.com/mig-1g.10gb", "7")));

        assertThat(LiveState.satisfiedBy(desired, live)).isTrue();
        assertThat(LiveState.upToDate(desired, live, "gpu-portal")).isFalse();
    }

    @Test
    void fieldsOthersManageAndListsAsOneFieldDoNotNeedAWrite() {
        Map<String, Object> desired = Map.of(
                "metadata", Map.of("name", "b", "namespace", "t"),
                "subjects", List.of(Map.of("kind", "Group", "name", "team")),
                "spec", Map.of("podSelector", Map.of()));
        Map<String, Object> live = Map.of(
                "metadata",
                Map.of(
                        "name",
                        "b",
                        "namespace",
                        "t",
                        "annotations",
                        Map.of("note", "by hand"),
                        "managedFields",
                        List.of(
                                applied(
                                        "gpu-portal",
                                        Map.of("f:subjects", Map.of(), "f:spec", Map.of("f:podSelector", Map.of()))),
                                Map.of(
                                        "manager",
                                        "kubectl-edit",
                                        "operation",
                                        "Update",
                                        "fieldsV1",
                                        Map.of("f:metadata", Map.of("f:annotations", Map.of("f:note", Map.of())))))),
                "subjects",
                List.of(Map.of("kind", "Group", "name", "team")),
                "spec",
                Map.of("podSelector", Map.of()));

        assertThat(LiveState.upToDate(desired, live, "gpu-portal")).isTrue();
        assertThat(LiveState.upToDate(desired, live, "someone-else")).isFalse();
    }

    @Test
    void aStructTheApiServerKeepsAsOneFieldMatchesItsWantedFields() {
        Map<String, Object> desired =
                Map.of("metadata", Map.of("name", "b"), "roleRef", Map.of("kind", "ClusterRole", "name", "edit"));
        Map<String, Object> live = Map.of(
                "metadata",
                Map.of("name", "b", "managedFields", List.of(applied("gpu-portal", Map.of("f:roleRef", Map.of())))),
                "roleRef",
                Map.of("kind", "ClusterRole", "name", "edit"));
        assertThat(LiveState.upToDate(desired, live, "gpu-portal")).isTrue();
    }

    @Test
    void keysThatStartLikeOthersStayApart() {
        Map<String, Object> hard = Map.of("requests.nvidia.com/gpu", "2", "requests.nvidia.com/gpu.shared", "4");
        Map<String, Object> desired = Map.of("metadata", Map.of("name", "q"), "spec", Map.of("hard", hard));
        Map<String, Object> live = Map.of(
                "metadata",
                Map.of(
                        "name",
                        "q",
                        "managedFields",
                        List.of(applied(
                                "gpu-portal",
                                Map.of(
                                        "f:spec",
                                        Map.of(
                                                "f:hard",
                                                Map.of(
                                                        "f:requests.nvidia.com/gpu",
                                                        Map.of(),
                                                        "f:requests.nvidia.com/gpu.shared",
                                                        Map.of())))))),
                "spec",
                Map.of("hard", hard));
        assertThat(LiveState.upToDate(desired, live, "gpu-portal")).isTrue();
    }

    @Test
    void aContainerListIsOneField() {
        assertThat(LiveState.desiredPaths(Map.of(
                        "metadata", Map.of("name", "x", "labels", Map.of("a", "1")),
                        "spec", Map.of("containers", List.of(Map.of("name", "c"))))))
                .containsExactly(
                        "metadata" + LiveState.SEP + "labels" + LiveState.SEP + "a",
                        "spec" + LiveState.SEP + "containers");
    }

    private static Map<String, Object> applied(String manager, Map<String, Object> fields) {
        return Map.of("manager", manager, "operation", "Apply", "fieldsV1", fields);
    }
}
