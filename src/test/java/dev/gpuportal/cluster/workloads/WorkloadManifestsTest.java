package dev.gpuportal.cluster.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.workload.WorkloadSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadManifestsTest {

    static WorkloadBlueprint blueprint(WorkloadSpec spec, boolean running, String queue) {
        return blueprint(spec, running, queue, WorkloadPlacement.ANYWHERE);
    }

    static WorkloadBlueprint blueprint(WorkloadSpec spec, boolean running, String queue, WorkloadPlacement placement) {
        return new WorkloadBlueprint(
                "vision",
                "vision",
                42,
                "nb",
                spec,
                "nvidia.com/mig-1g.10gb",
                "NVIDIA-H100-80GB-HBM3",
                running,
                null,
                queue,
                placement,
                false,
                null);
    }

    static final WorkloadSpec.Notebook NOTEBOOK = new WorkloadSpec.Notebook(
            "quay.io/jupyter/scipy-notebook:2026-11-02", 2000, 8L << 30, "mig-1g.10gb", 1, 20L << 30);

    @Test
    void notebookIsAStatefulSetWithServiceAndWorkspaceOnItsGpuSlice() {
        List<HasMetadata> objects = WorkloadManifests.render(blueprint(NOTEBOOK, true, null));
        assertThat(objects)
                .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .containsExactly("PersistentVolumeClaim/nb-workspace", "StatefulSet/nb", "Service/nb");
        StatefulSet sts = (StatefulSet) objects.get(1);
        assertThat(sts.getSpec().getReplicas()).isEqualTo(1);
        var container = sts.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getResources().getRequests()).containsEntry("nvidia.com/mig-1g.10gb", new Quantity("1"));
        assertThat(container.getResources().getLimits()).containsEntry("nvidia.com/mig-1g.10gb", new Quantity("1"));
        assertThat(sts.getSpec().getTemplate().getSpec().getNodeSelector())
                .containsEntry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3");
        assertThat(sts.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getVolumes()
                        .getFirst()
                        .getPersistentVolumeClaim()
                        .getClaimName())
                .isEqualTo("nb-workspace");
        assertThat(objects)
                .allSatisfy(o -> assertThat(o.getMetadata().getLabels())
                        .containsEntry("gpu-portal.dev/tenant", "vision")
                        .containsEntry("gpu-portal.dev/workload", "nb")
                        .containsEntry("gpu-portal.dev/kind", "notebook")
                        .containsEntry("app.kubernetes.io/managed-by", "gpu-portal"));
    }

    @Test
    void notebookServerGetsItsTokenFromItsOwnSecretAndIsAskedThroughTheServiceProxy() {
        WorkloadBlueprint nb = blueprint(NOTEBOOK, true, null);
        var secret = WorkloadManifests.notebookTokenSecret(nb);
        assertThat(secret.getMetadata().getName()).isEqualTo("nb-jupyter");
        assertThat(secret.getMetadata().getLabels()).containsEntry("gpu-portal.dev/workload-id", "42");
        assertThat(secret.getData()).isNullOrEmpty(); // the reconciler fills it once, never the mapping
        var env = WorkloadManifests.notebook(nb, NOTEBOOK)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv();
        assertThat(env)
                .filteredOn(e -> e.getName().equals("JUPYTER_TOKEN"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("nb-jupyter");
                    assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
                });
        assertThat(JupyterNotebookActivity.statusUrl("https://10.0.0.1:6443/", "team-vision", "vision", "nb", "a b"))
                .isEqualTo("https://10.0.0.1:6443/api/v1/namespaces/team-vision/services/http:nb:http/proxy"
                        + "/t/vision/notebooks/nb/api/status?token=a+b");
    }

    @Test
    void jupyterIsStartedWithItsRoutesPrefixAsBaseUrl() {
        var env = WorkloadManifests.notebook(blueprint(NOTEBOOK, true, null), NOTEBOOK)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv();
        assertThat(env)
                .filteredOn(e -> e.getName().equals("NOTEBOOK_ARGS"))
                .singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("--ServerApp.base_url=/t/vision/notebooks/nb/"));
    }

    @Test
    void jupyterStatusGivesTheLastActivity() {
        assertThat(JupyterNotebookActivity.lastActivityOf(
                        "{\"started\": \"2026-11-23T08:00:00.000000Z\", \"last_activity\":"
                                + " \"2026-11-23T09:12:30.123456Z\", \"connections\": 0, \"kernels\": 1}"))
                .contains(java.time.Instant.parse("2026-11-23T09:12:30.123456Z"));
        assertThat(JupyterNotebookActivity.lastActivityOf("{\"kernels\": 0}")).isEmpty();
        assertThat(JupyterNotebookActivity.lastActivityOf("<html>not jupyter</html>"))
                .isEmpty();
    }

    @Test
    void stoppedNotebookHasNoReplicasButKeepsItsVolume() {
        List<HasMetadata> objects = WorkloadManifests.render(blueprint(NOTEBOOK, false, null));
        assertThat(((StatefulSet) objects.get(1)).getSpec().getReplicas()).isZero();
        assertThat(objects.getFirst().getKind()).isEqualTo("PersistentVolumeClaim");
    }

    static final WorkloadSpec.Training TRAINING = new WorkloadSpec.Training(
            "nvcr.io/nvidia/pytorch:26.10-py3",
            List.of("python", "train.py"),
            List.of(),
            Map.of(),
            4000,
            16L << 30,
            "mig-1g.10gb",
            1,
            2,
            3,
            3600,
            50L << 30,
            false);

    static final WorkloadSpec.Inference INFERENCE = new WorkloadSpec.Inference(
            "nvcr.io/nvidia/tritonserver:26.10-py3",
            8000,
            2000,
            8L << 30,
            "mig-1g.10gb",
            1,
            1,
            4,
            70,
            "/v2/health/ready");

    @Test
    void everyPodOfEveryKindIsHeldToItsTenantsRegionsAndOwnPools() {
        var placement = new WorkloadPlacement(List.of("us-east", " eu-central"), List.of("h100-mig"));
        for (WorkloadSpec spec : List.of(NOTEBOOK, TRAINING, INFERENCE)) {
            var pods = WorkloadManifests.render(blueprint(spec, true, null, placement)).stream()
                    .map(WorkloadManifestsTest::podSpecOf)
                    .flatMap(java.util.Optional::stream)
                    .toList();
            assertThat(pods).as(spec.getClass().getSimpleName()).singleElement().satisfies(pod -> {
                var terms = pod.getAffinity()
                        .getNodeAffinity()
                        .getRequiredDuringSchedulingIgnoredDuringExecution()
                        .getNodeSelectorTerms();
                assertThat(terms)
                        .singleElement()
                        .satisfies(term -> assertThat(term.getMatchExpressions())
                                .extracting(e -> e.getKey() + " " + e.getOperator() + " " + e.getValues())
                                .containsExactly(
                                        "topology.kubernetes.io/region In [eu-central, us-east]",
                                        "gpu-portal.dev/pool In [h100-mig]"));
                assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3");
            });
        }
    }

    @Test
    void aTenantWithoutRegionsOrPoolsLeavesTheSchedulerFree() {
        var pod = podSpecOf(WorkloadManifests.render(blueprint(NOTEBOOK, true, null)).stream()
                        .filter(o -> o instanceof StatefulSet)
                        .findFirst()
                        .orElseThrow())
                .orElseThrow();
        assertThat(pod.getAffinity()).isNull();
        assertThat(new WorkloadPlacement(List.of("eu-central"), List.of())
                        .nodeAffinity()
                        .orElseThrow()
                        .getRequiredDuringSchedulingIgnoredDuringExecution()
                        .getNodeSelectorTerms()
                        .getFirst()
                        .getMatchExpressions())
                .singleElement()
                .satisfies(e -> assertThat(e.getKey()).isEqualTo("topology.kubernetes.io/region"));
    }

    private static java.util.Optional<io.fabric8.kubernetes.api.model.PodSpec> podSpecOf(HasMetadata object) {
        return switch (object) {
            case StatefulSet s ->
                java.util.Optional.of(s.getSpec().getTemplate().getSpec());
            case Job j -> java.util.Optional.of(j.getSpec().getTemplate().getSpec());
            case Deployment d -> java.util.Optional.of(d.getSpec().getTemplate().getSpec());
            default -> java.util.Optional.empty();
        };
    }

    @Test
    void trainingWithWorkersIsAnIndexedJobWithHeadlessServiceAndQueueLabel() {
        var training = new WorkloadSpec.Training(
                "nvcr.io/nvidia/pytorch:26.10-py3",
                List.of("python", "train.py"),
                List.of("--epochs", "3"),
                Map.of("LR", "0.1"),
                4000,
                16L << 30,
                "mig-1g.10gb",
                1,
                2,
                3,
                3600,
                50L << 30,
                false);
        List<HasMetadata> objects = WorkloadManifests.render(blueprint(training, true, "vision"));
        assertThat(objects).extracting(HasMetadata::getKind).containsExactly("PersistentVolumeClaim", "Job", "Service");
        Job job = (Job) objects.get(1);
        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getSpec().getCompletions()).isEqualTo(2);
        assertThat(job.getSpec().getParallelism()).isEqualTo(2);
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(3);
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600);
        assertThat(job.getMetadata().getLabels()).containsEntry("kueue.x-k8s.io/queue-name", "vision");
        assertThat(job.getSpec().getTemplate().getSpec().getSubdomain()).isEqualTo("nb");
        var container = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getCommand()).containsExactly("python", "train.py");
        assertThat(container.getEnv())
                .extracting(e -> e.getName() + "=" + e.getValue())
                .contains("LR=0.1", "WORLD_SIZE=2", "CHECKPOINT_DIR=/checkpoints", "MASTER_ADDR=nb-0.nb");
        assertThat(((Service) objects.get(2)).getSpec().getClusterIP()).isEqualTo("None");
    }

    @Test
    void inferenceIsADeploymentWithServiceAndAutoscaler() {
        var inference = new WorkloadSpec.Inference(
                "nvcr.io/nvidia/tritonserver:26.10-py3",
                8000,
                2000,
                8L << 30,
                "mig-1g.10gb",
                1,
                1,
                4,
                70,
                "/v2/health/ready");
        List<HasMetadata> objects = WorkloadManifests.render(blueprint(inference, true, null));
        assertThat(objects)
                .extracting(HasMetadata::getKind)
                .containsExactly("Deployment", "Service", "HorizontalPodAutoscaler");
        Deployment deployment = (Deployment) objects.getFirst();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getReadinessProbe()
                        .getHttpGet()
                        .getPath())
                .isEqualTo("/v2/health/ready");
        HorizontalPodAutoscaler hpa = (HorizontalPodAutoscaler) objects.get(2);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(4);
        assertThat(hpa.getSpec()
                        .getMetrics()
                        .getFirst()
                        .getResource()
                        .getTarget()
                        .getAverageUtilization())
                .isEqualTo(70);
    }

    static WorkloadSpec.Training fourWorkers(boolean fastInterconnect) {
        return new WorkloadSpec.Training(
                "nvcr.io/nvidia/pytorch:26.10-py3",
                List.of("torchrun", "train.py"),
                List.of(),
                Map.of(),
                4000,
                16L << 30,
                "h100-80gb",
                1,
                4,
                0,
                3600,
                50L << 30,
                fastInterconnect);
    }

    static WorkloadBlueprint onH100(WorkloadSpec spec, String queue, boolean topologyPlaced, String rdma) {
        return new WorkloadBlueprint(
                "vision",
                "vision",
                42,
                "nb",
                spec,
                "nvidia.com/gpu",
                "NVIDIA-H100-80GB-HBM3",
                true,
                null,
                queue,
                WorkloadPlacement.ANYWHERE,
                topologyPlaced,
                rdma);
    }

    private static Job jobOf(WorkloadBlueprint w) {
        return WorkloadManifests.render(w).stream()
                .filter(Job.class::isInstance)
                .map(Job.class::cast)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void workersOnTheFastInterconnectAreKeptInOneBlockByKueueAndEachGetsAnRdmaDevice() {
        Job job = jobOf(onH100(fourWorkers(true), "vision", true, "rdma/ib"));

        assertThat(job.getSpec().getParallelism()).isEqualTo(4);
        assertThat(job.getSpec().getCompletions()).isEqualTo(4);
        assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsExactly(Map.entry("kueue.x-k8s.io/podset-required-topology", "gpu-portal.dev/block"));
        var resources =
                job.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources();
        assertThat(resources.getRequests())
                .containsEntry("rdma/ib", new Quantity("1"))
                .containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(resources.getLimits()).containsEntry("rdma/ib", new Quantity("1"));
    }

    @Test
    void otherJobsOnGpusPlacedByTopologySayTheyMayGoAnywhereAndAskForNoRdma() {
        Job job = jobOf(onH100(fourWorkers(false), "vision", true, "rdma/ib"));

        assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsExactly(Map.entry("kueue.x-k8s.io/podset-unconstrained-topology", "true"));
        assertThat(job.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getResources()
                        .getRequests())
                .doesNotContainKey("rdma/ib");
    }

    @Test
    void withoutKueuesTopologyOrAnRdmaResourceNothingIsAskedOfThem() {
        // no Kueue on the cluster: nothing for Kueue
        assertThat(jobOf(onH100(fourWorkers(true), null, true, "rdma/ib"))
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations())
                .isNullOrEmpty();
        // GPUs Kueue does not place by topology: no annotation, which their flavor would refuse
        assertThat(jobOf(onH100(fourWorkers(false), "vision", false, null))
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations())
                .isNullOrEmpty();
        // nodes without an RDMA device plugin: the workers are kept together, but ask for no RDMA device
        Job noRdma = jobOf(onH100(fourWorkers(true), "vision", true, null));
        assertThat(noRdma.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("kueue.x-k8s.io/podset-required-topology");
        assertThat(noRdma.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getResources()
                        .getRequests())
                .containsOnlyKeys("cpu", "memory", "nvidia.com/gpu");
    }
}
