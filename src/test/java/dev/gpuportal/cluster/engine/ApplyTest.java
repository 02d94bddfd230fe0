package dev.gpuportal.cluster.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import org.junit.jupiter.api.Test;

class ApplyTest {

    @Test
    void aNewObjectIsCreatedInTheCollectionOfItsKindAndNamespace() {
        assertThat(Apply.collectionPath(new JobBuilder()
                        .withNewMetadata()
                        .withName("train")
                        .withNamespace("vision")
                        .endMetadata()
                        .build()))
                .isEqualTo("/apis/batch/v1/namespaces/vision/jobs");
        assertThat(Apply.collectionPath(new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withName("train-checkpoints")
                        .withNamespace("vision")
                        .endMetadata()
                        .build()))
                .isEqualTo("/api/v1/namespaces/vision/persistentvolumeclaims");
        assertThat(Apply.collectionPath(new NetworkPolicyBuilder()
                        .withNewMetadata()
                        .withName("deny-ingress")
                        .withNamespace("vision")
                        .endMetadata()
                        .build()))
                .isEqualTo("/apis/networking.k8s.io/v1/namespaces/vision/networkpolicies");
        assertThat(Apply.collectionPath(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("vision")
                        .endMetadata()
                        .build()))
                .isEqualTo("/api/v1/namespaces");
        assertThat(Apply.collectionPath(new ClusterRoleBuilder()
                        .withNewMetadata()
                        .withName("gpu-portal-tenant-vision")
                        .endMetadata()
                        .build()))
                .isEqualTo("/apis/rbac.authorization.k8s.io/v1/clusterroles");
    }
}
