package dev.gpuportal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuportal.testsupport.kubernetes.SimulatedCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the simulated cluster must really do: quota admission, scheduling onto GPU nodes, RBAC. */
public class SimulatedClusterProofIT {

    final SimulatedCluster cluster = SimulatedCluster.shared();
    final KubernetesClient admin = cluster.admin();

    @Test
    void apiServerRejectsAPodOverTheGpuQuota() {
        String ns = cluster.newNamespace("proof-quota");
        admin.resourceQuotas()
                .inNamespace(ns)
                .resource(new ResourceQuotaBuilder()
                        .withNewMetadata()
                        .withName("gpus")
                        .endMetadata()
                        .withNewSpec()
                        .withHard(Map.of("requests.nvidia.com/gpu", new Quantity("1")))
                        .endSpec()
                        .build())
                .create();
        // The controller-manager must have computed the quota's usage before pods are admitted against it.
        admin.resourceQuotas()
                .inNamespace(ns)
                .withName("gpus")
                .waitUntilCondition(
                        q -> q.getStatus() != null && q.getStatus().getHard() != null, 30, TimeUnit.SECONDS);

        assertThatThrownBy(() -> admin.pods()
                        .inNamespace(ns)
                        .resource(gpuPod("two-gpus", "nvidia.com/gpu", 2))
                        .create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getMessage())
                            .contains("exceeded quota: gpus")
                            .contains("requested: requests.nvidia.com/gpu=2")
                            .contains("limited: requests.nvidia.com/gpu=1");
                });
    }

    @Test
    void podOnAMigSliceIsScheduledOntoAMigNodeAndRuns() {
        String ns = cluster.newNamespace("proof-mig");
        admin.pods()
                .inNamespace(ns)
                .resource(gpuPod("mig", "nvidia.com/mig-1g.10gb", 1))
                .create();

        Pod running = admin.pods()
                .inNamespace(ns)
                .withName("mig")
                .waitUntilCondition(
                        p -> p.getStatus() != null
                                && "Running".equals(p.getStatus().getPhase()),
                        60,
                        TimeUnit.SECONDS);
        String node = running.getSpec().getNodeName();
        assertThat(node).startsWith("kwok-h100-mig-");
        assertThat(admin.nodes().withName(node).get().getMetadata().getLabels())
                .containsEntry("nvidia.com/mig.strategy", "mixed");
    }

    @Test
    void podAskingForMoreGpusThanAnyNodeHasStaysPendingWithTheSchedulersReason() {
        String ns = cluster.newNamespace("proof-nine");
        admin.pods()
                .inNamespace(ns)
                .resource(gpuPod("nine", "nvidia.com/gpu", 9))
                .create();

        Pod pending = admin.pods()
                .inNamespace(ns)
                .withName("nine")
                .waitUntilCondition(
                        p -> p.getStatus() != null
                                && p.getStatus().getConditions() != null
                                && p.getStatus().getConditions().stream()
                                        .anyMatch(c ->
                                                "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())),
                        60,
                        TimeUnit.SECONDS);
        assertThat(pending.getStatus().getPhase()).isEqualTo("Pending");
        var scheduled = pending.getStatus().getConditions().stream()
                .filter(c -> "PodScheduled".equals(c.getType()))
                .findFirst()
                .orElseThrow();
        assertThat(scheduled.getReason()).isEqualTo("Unschedulable");
        assertThat(scheduled.getMessage()).contains("Insufficient nvidia.com/gpu");
    }

    @Test
    void userBoundInOneNamespaceIsForbiddenInAnother() {
        String mine = cluster.newNamespace("proof-rbac-a");
        String other = cluster.newNamespace("proof-rbac-b");
        admin.rbac()
                .roleBindings()
                .inNamespace(mine)
                .resource(new RoleBindingBuilder()
                        .withNewMetadata()
                        .withName("alice-edit")
                        .endMetadata()
                        .withNewRoleRef()
                        .withApiGroup("rbac.authorization.k8s.io")
                        .withKind("ClusterRole")
                        .withName("edit")
                        .endRoleRef()
                        .addNewSubject()
                        .withApiGroup("rbac.authorization.k8s.io")
                        .withKind("User")
                        .withName("alice")
                        .endSubject()
                        .build())
                .create();

        try (KubernetesClient alice = cluster.as("alice")) {
            assertThat(alice.pods().inNamespace(mine).list().getItems()).isEmpty();
            assertThatThrownBy(() -> alice.pods().inNamespace(other).list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(403);
                        assertThat(e.getMessage()).contains("User \"alice\" cannot list resource \"pods\"");
                    });
        }
    }

    public static Pod gpuPod(String name, String resource, int count) {
        Map<String, Quantity> gpus = Map.of(resource, new Quantity(Integer.toString(count)));
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("main")
                .withImage("registry.example/cuda:12")
                .withNewResources()
                .withRequests(gpus)
                .withLimits(gpus)
                .endResources()
                .endContainer()
                .endSpec()
                .build();
    }
}
