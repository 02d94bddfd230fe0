package dev.gpuportal.cluster.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrimmedItemStoreTest {

    static ManagedFieldsEntry entry(String manager, String operation) {
        return new ManagedFieldsEntryBuilder()
                .withManager(manager)
                .withOperation(operation)
                .withNewFieldsV1()
                .addToAdditionalProperties("f:status", Map.of("f:active", Map.of()))
                .endFieldsV1()
                .build();
    }

    static Job job(ManagedFieldsEntry... entries) {
        return new JobBuilder()
                .withNewMetadata()
                .withNamespace("team")
                .withName("train")
                .withManagedFields(entries)
                .endMetadata()
                .build();
    }

    @Test
    void keepsOnlyThePortalsOwnEntryOfACachedObject() {
        TrimmedItemStore<Job> store = new TrimmedItemStore<>("gpu-portal");
        store.put("team/train", job(entry("kube-controller-manager", "Update"), entry("gpu-portal", "Apply")));

        assertThat(store.get("team/train").getMetadata().getManagedFields())
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getManager()).isEqualTo("gpu-portal");
                    assertThat(e.getFieldsV1()).isNotNull();
                });
    }

    @Test
    void anObjectThePortalDidNotApplyStillReadsAsNotAppliedByIt() {
        Job job = TrimmedItemStore.trim(job(entry("kubectl", "Update")), "gpu-portal");

        assertThat(job.getMetadata().getManagedFields()).singleElement().satisfies(e -> {
            assertThat(e.getManager()).isEqualTo("kubectl");
            assertThat(e.getFieldsV1()).isNull();
        });
    }

    @Test
    void aNodeKeepsNoManagedFields() {
        Job trimmed = TrimmedItemStore.trim(job(entry("kwok", "Update"), entry("kubelet", "Update")), null);

        assertThat(trimmed.getMetadata().getManagedFields()).isNull();
        assertThat(TrimmedItemStore.trim(job(), "gpu-portal").getMetadata().getManagedFields())
                .isEmpty();
    }
}
