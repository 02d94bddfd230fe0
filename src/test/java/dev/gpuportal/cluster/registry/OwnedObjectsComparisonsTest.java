package dev.gpuportal.cluster.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A resync skips the comparison of an object only while neither the live version nor the wanted object changed. */
class OwnedObjectsComparisonsTest {

    private final KubernetesClient client = new KubernetesClientBuilder().build(); // never started: no requests
    private final OwnedObjects owned = new OwnedObjects("test", client);

    @AfterEach
    void close() {
        owned.close();
        client.close();
    }

    private static PersistentVolumeClaim claim(String size) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("workspace")
                .withNamespace("tenant-a")
                .endMetadata()
                .withNewSpec()
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity(size)))
                .endResources()
                .endSpec()
                .build();
    }

    @Test
    void aComparisonIsRememberedForThatLiveVersionAndThatWantedObjectOnly() {
        PersistentVolumeClaim wanted = claim("10Gi");
        assertThat(owned.comparedAlike(wanted, "41", wanted.hashCode())).isFalse();

        owned.foundAlike(wanted, "41", wanted.hashCode());
        assertThat(owned.comparedAlike(claim("10Gi"), "41", claim("10Gi").hashCode()))
                .as("the same wanted object rendered again")
                .isTrue();
        assertThat(owned.comparedAlike(wanted, "42", wanted.hashCode()))
                .as("the live object changed")
                .isFalse();
        assertThat(owned.comparedAlike(claim("20Gi"), "41", claim("20Gi").hashCode()))
                .as("the wanted object changed")
                .isFalse();

        owned.deleted(wanted);
        assertThat(owned.comparedAlike(wanted, "41", wanted.hashCode())).isFalse();
    }

    @Test
    void genericObjectsOfDifferentKindsAndTheSameNameStayApart() {
        var queue = new GenericKubernetesResourceBuilder()
                .withApiVersion("kueue.x-k8s.io/v1beta1")
                .withKind("ClusterQueue")
                .withNewMetadata()
                .withName("team-a")
                .endMetadata()
                .build();
        var cohort = new GenericKubernetesResourceBuilder()
                .withApiVersion("kueue.x-k8s.io/v1beta1")
                .withKind("Cohort")
                .withNewMetadata()
                .withName("team-a")
                .endMetadata()
                .build();
        owned.foundAlike(queue, "7", queue.hashCode());
        assertThat(owned.comparedAlike(cohort, "7", queue.hashCode())).isFalse();
        assertThat(owned.comparedAlike(queue, "7", queue.hashCode())).isTrue();
    }
}
