package dev.gpuportal.cluster.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompactModelTest {

    @Test
    void aCompactedJobSaysExactlyWhatItSaidBefore() throws IOException {
        Job compacted = CompactModel.compact(cachedJob());

        assertThat(tree(compacted)).isEqualTo(tree(cachedJob()));
        assertThat(compacted).isEqualTo(cachedJob()).hasSameHashCodeAs(cachedJob());
    }

    @Test
    void keepsNoMutableCollection() throws Exception {
        Job before = cachedJob();
        Counts counts = new Counts();
        counts.walk(before);
        assertThat(counts.emptyMutable).as("a Job as fabric8 reads it").isGreaterThan(50);
        assertThat(counts.linkedMaps).isGreaterThan(50);

        Counts after = new Counts();
        after.walk(CompactModel.compact(cachedJob()));

        assertThat(after.emptyMutable).isZero();
        assertThat(after.linkedMaps).isZero();
        assertThat(after.arrayLists).isZero();
    }

    @Test
    void aBuilderStillEditsACopyOfACompactedObject() throws IOException {
        Job compacted = CompactModel.compact(cachedJob());

        Job edited = new JobBuilder(compacted)
                .editMetadata()
                .addToLabels("edited", "yes")
                .addToFinalizers("gpu-portal.dev/keep")
                .endMetadata()
                .build();

        assertThat(edited.getMetadata().getLabels()).containsEntry("edited", "yes");
        assertThat(compacted.getMetadata().getLabels()).doesNotContainKey("edited");
        assertThat(compacted.getMetadata().getFinalizers()).isEmpty();
    }

    @Test
    void compactingTwiceChangesNothingMore() throws IOException {
        Job once = CompactModel.compact(cachedJob());
        JsonNode tree = tree(once);

        assertThat(tree(CompactModel.compact(once))).isEqualTo(tree);
        assertThat(CompactModel.compact((Object) "not a model")).isEqualTo("not a model");
        assertThat(CompactModel.<Job>compact(null)).isNull();
    }

    @Test
    void twoCachedObjectsShareTheStringsTheyHaveInCommon() throws IOException {
        Job one = CompactModel.compact(cachedJob());
        Job other = CompactModel.compact(cachedJob());

        var oneContainer = one.getSpec().getTemplate().getSpec().getContainers().getFirst();
        var otherContainer =
                other.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(oneContainer.getImage()).isSameAs(otherContainer.getImage());
        assertThat(oneContainer.getResources().getRequests().get("memory").getAmount())
                .isSameAs(otherContainer
                        .getResources()
                        .getRequests()
                        .get("memory")
                        .getAmount());
        String labelKey = one.getMetadata().getLabels().keySet().stream()
                .filter("gpu-portal.dev/kind"::equals)
                .findFirst()
                .orElseThrow();
        assertThat(other.getMetadata().getLabels().keySet())
                .anySatisfy(k -> assertThat(k).isSameAs(labelKey));
    }

    @Test
    void aMapOrListHoldingANullIsKeptAsItWas() {
        Job job = new JobBuilder()
                .withNewMetadata()
                .withName("train")
                .endMetadata()
                .build();
        Map<String, String> labels = new java.util.HashMap<>();
        labels.put("kept", null);
        job.getMetadata().setLabels(labels);
        job.getMetadata().setFinalizers(java.util.Arrays.asList((String) null));

        Job compacted = CompactModel.compact(job);

        assertThat(compacted.getMetadata().getLabels()).containsEntry("kept", null);
        assertThat(compacted.getMetadata().getFinalizers()).containsExactly((String) null);
    }

    private static Job cachedJob() throws IOException {
        try (InputStream json = CompactModelTest.class.getResourceAsStream("cached-job.json")) {
            return Serialization.unmarshal(json, Job.class);
        }
    }

    private static JsonNode tree(Job job) throws IOException {
        return new ObjectMapper().readTree(Serialization.asJson(job));
    }

    /** Walks a model object graph counting the mutable lists and maps in it, and the empty ones. */
    private static final class Counts {
        int emptyMutable;
        int linkedMaps;
        int arrayLists;
        private final Set<Object> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

        void walk(Object o) throws IllegalAccessException {
            if (o == null || !seen.add(o)) {
                return;
            }
            if (o instanceof LinkedHashMap<?, ?> || o instanceof ArrayList<?>) {
                if (o instanceof LinkedHashMap<?, ?>) {
                    linkedMaps++;
                } else {
                    arrayLists++;
                }
                if ((o instanceof Map<?, ?> m && m.isEmpty()) || (o instanceof List<?> l && l.isEmpty())) {
                    emptyMutable++;
                }
            }
            if (o instanceof Map<?, ?> m) {
                for (Object v : m.values()) {
                    walk(v);
                }
            } else if (o instanceof Collection<?> c) {
                for (Object v : c) {
                    walk(v);
                }
            } else if (o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
                for (Class<?> c = o.getClass(); c != Object.class; c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) {
                        if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())
                                && !f.getType().isPrimitive()) {
                            f.setAccessible(true);
                            walk(f.get(o));
                        }
                    }
                }
            }
        }
    }
}
