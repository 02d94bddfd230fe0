package dev.gpuportal.cluster.virtual;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KamajiProviderTest {

    static final VirtualClusterBlueprint VISION = new VirtualClusterBlueprint(
            "vision",
            "gpu-eu",
            "gpu-portal-vc-vision",
            "vision",
            "v1.37.2",
            2,
            "LoadBalancer",
            List.of("h100-mig", "cpu"),
            new VirtualClusterBlueprint.Oidc(
                    "https://sso.example.org/realms/gpu-portal",
                    "gpu-portal-api",
                    "preferred_username",
                    "groups",
                    "oidc:",
                    "oidc:"));

    final KamajiProvider kamaji = new KamajiProvider();

    @Test
    void rendersANamespaceAndATenantControlPlaneWithTheFieldsKamajiReads() {
        var objects = kamaji.render(VISION);
        assertThat(objects)
                .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .containsExactly("Namespace/gpu-portal-vc-vision", "TenantControlPlane/vision");
        GenericKubernetesResource tcp = (GenericKubernetesResource) objects.get(1);
        assertThat(tcp.getApiVersion()).isEqualTo("kamaji.clastix.io/v1alpha1");
        assertThat(tcp.getMetadata().getNamespace()).isEqualTo("gpu-portal-vc-vision");
        assertThat(tcp.getMetadata().getAnnotations()).containsEntry("gpu-portal.dev/node-pools", "h100-mig,cpu");
        assertThat(tcp.getMetadata().getLabels())
                .containsEntry("gpu-portal.dev/tenant", "vision")
                .containsEntry("gpu-portal.dev/component", "control-plane")
                .containsEntry("app.kubernetes.io/managed-by", "gpu-portal");
        Map<String, Object> spec = map(tcp.getAdditionalProperties().get("spec"));
        assertThat(map(spec.get("kubernetes"))).containsEntry("version", "v1.37.2");
        Map<String, Object> controlPlane = map(spec.get("controlPlane"));
        assertThat(map(controlPlane.get("service"))).containsEntry("serviceType", "LoadBalancer");
        Map<String, Object> deployment = map(controlPlane.get("deployment"));
        assertThat(deployment).containsEntry("replicas", 2);
        assertThat(map(deployment.get("extraArgs")))
                .containsEntry(
                        "apiServer",
                        List.of(
                                "--oidc-issuer-url=https://sso.example.org/realms/gpu-portal",
                                "--oidc-client-id=gpu-portal-api",
                                "--oidc-username-claim=preferred_username",
                                "--oidc-groups-claim=groups",
                                "--oidc-username-prefix=oidc:",
                                "--oidc-groups-prefix=oidc:"));
    }

    @Test
    void withoutAnHttpsIssuerTheApiServerGetsNoOidcFlags() {
        var plain = new VirtualClusterBlueprint(
                "vision", "gpu-eu", "gpu-portal-vc-vision", "vision", "v1.37.2", 2, "ClusterIP", List.of(), null);
        var tcp = (GenericKubernetesResource) kamaji.render(plain).get(1);
        Map<String, Object> spec = map(tcp.getAdditionalProperties().get("spec"));
        Map<String, Object> deployment = map(map(spec.get("controlPlane")).get("deployment"));
        assertThat(deployment).doesNotContainKey("extraArgs");
    }

    @Test
    void readsKamajisStatusInPlainWords() {
        assertThat(KamajiProvider.stateOf(tcp("v1.37.2", null, null), () -> null))
                .satisfies(s -> assertThat(s.phase()).isEqualTo(ControlPlaneState.Phase.PROVISIONING))
                .satisfies(s -> assertThat(s.message()).isEqualTo("Waiting for Kamaji"));
        assertThat(KamajiProvider.stateOf(tcp("v1.37.2", "Provisioning", null), () -> null)
                        .phase())
                .isEqualTo(ControlPlaneState.Phase.PROVISIONING);
        var ready = KamajiProvider.stateOf(tcp("v1.37.2", "Ready", "v1.37.2"), () -> null);
        assertThat(ready.phase()).isEqualTo(ControlPlaneState.Phase.READY);
        assertThat(ready.message()).isEqualTo("Control plane v1.37.2 ready at 10.0.0.5:6443");
        var asked = KamajiProvider.stateOf(tcp("v1.38.0", "Ready", "v1.37.2"), () -> null);
        assertThat(asked.phase()).isEqualTo(ControlPlaneState.Phase.UPGRADING);
        assertThat(asked.version()).isEqualTo("v1.37.2");
        assertThat(KamajiProvider.stateOf(tcp("v1.38.0", "Upgrading", "v1.37.2"), () -> null)
                        .message())
                .isEqualTo("Upgrading from v1.37.2 to v1.38.0");
        var failed =
                KamajiProvider.stateOf(tcp("v1.37.2", "NotReady", ""), () -> "ControlPlaneFailed: etcd quorum lost");
        assertThat(failed.phase()).isEqualTo(ControlPlaneState.Phase.FAILED);
        assertThat(failed.message()).isEqualTo("Control plane not ready: ControlPlaneFailed: etcd quorum lost");
    }

    private static GenericKubernetesResource tcp(String wanted, String status, String version) {
        Map<String, Object> versionStatus = new java.util.HashMap<>();
        if (status != null) {
            versionStatus.put("status", status);
        }
        if (version != null) {
            versionStatus.put("version", version);
        }
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("kamaji.clastix.io/v1alpha1")
                .withKind("TenantControlPlane")
                .withNewMetadata()
                .withName("vision")
                .endMetadata()
                .withAdditionalProperties(Map.of(
                        "spec",
                        Map.of("kubernetes", Map.of("version", wanted)),
                        "status",
                        status == null
                                ? Map.of()
                                : Map.of(
                                        "controlPlaneEndpoint",
                                        "10.0.0.5:6443",
                                        "kubernetesResources",
                                        Map.of("version", versionStatus))))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
