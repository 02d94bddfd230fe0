package dev.gpuportal.cluster.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;

class JustWrittenTest {

    private final JustWritten written = new JustWritten();

    private static ConfigMap object(String name, String workloadId, String version) {
        var metadata = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("team-a")
                .withResourceVersion(version);
        if (workloadId != null) {
            metadata.addToLabels(OwnedLabels.WORKLOAD_ID, workloadId);
        }
        return metadata.endMetadata().build();
    }

    @Test
    void aWorkloadsObjectsAreFoundByItsIdAndNoOthers() {
        written.put("a", object("a", "7", "1"));
        written.put("b", object("b", "7", "2"));
        written.put("c", object("c", "8", "3"));
        written.put("d", object("d", null, "4"));

        assertThat(written.ofWorkload("7"))
                .extracting(o -> o.getMetadata().getName())
                .containsExactly("a", "b");
        assertThat(written.ofWorkload("9")).isEmpty();
        assertThat(written.ofKind(ConfigMap.class)).hasSize(4);
    }

    @Test
    void aKindsObjectsInOneNamespaceAreFoundWithoutTheOthers() {
        written.put("ConfigMap/team-a/a", object("a", "7", "1"));
        written.put("ConfigMap/team-a/b", object("b", null, "2"));
        written.put("ConfigMap/team-b/c", object("c", null, "3"));
        written.put("Secret/team-a/d", object("d", null, "4"));

        assertThat(written.inPlace(ConfigMap.class, "ConfigMap/team-a"))
                .extracting(o -> o.getMetadata().getName())
                .containsExactly("a", "b");
        assertThat(written.inPlace(ConfigMap.class, "ConfigMap/team-c")).isEmpty();

        written.removeIf("ConfigMap/team-a/a", w -> true);
        written.remove("ConfigMap/team-a/b");
        assertThat(written.inPlace(ConfigMap.class, "ConfigMap/team-a")).isEmpty();
        assertThat(written.inPlace(ConfigMap.class, "ConfigMap/team-b")).hasSize(1);
    }

    @Test
    void anObjectWrittenAgainUnderAnotherWorkloadMovesToIt() {
        written.put("a", object("a", "7", "1"));
        written.put("a", object("a", "8", "2"));

        assertThat(written.ofWorkload("7")).isEmpty();
        assertThat(written.ofWorkload("8")).extracting(HasMetadata::getMetadata).hasSize(1);
        assertThat(written.size()).isEqualTo(1);
    }

    @Test
    void anObjectIsForgottenOnlyOnceTheInformerShowsItsVersion() {
        written.put("a", object("a", "7", "5"));

        written.removeIf("a", w -> OwnedObjects.caughtUp("4", w.getMetadata().getResourceVersion()));
        assertThat(written.get("a")).isNotNull();

        written.removeIf("a", w -> OwnedObjects.caughtUp("5", w.getMetadata().getResourceVersion()));
        assertThat(written.get("a")).isNull();
        assertThat(written.ofWorkload("7")).isEmpty();
        assertThat(written.size()).isZero();
    }
}
