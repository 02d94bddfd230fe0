package dev.gpuportal.cluster;

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
}
