package dev.gpuportal.cluster.workloads;

import dev.gpuportal.access.RouteKind;
import dev.gpuportal.access.RoutePaths;
import dev.gpuportal.base.Quantities;
import dev.gpuportal.cluster.registry.NodeTopology;
import dev.gpuportal.cluster.registry.OwnedLabels;
import dev.gpuportal.workload.WorkloadSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps a workload to Kubernetes objects. Pure: notebook → StatefulSet + Service + workspace PVC; training job →
 * Job (Indexed with a headless Service for several workers) + checkpoint PVC; inference endpoint → Deployment +
 * Service + HorizontalPodAutoscaler. GPUs are requested with requests = limits on the profile's resource name, and
 * pods are pinned to nodes of the profile's GPU product.
 */
public final class WorkloadManifests {

    public static final String WORKLOAD = "gpu-portal.dev/workload";
    public static final String WORKLOAD_ID = OwnedLabels.WORKLOAD_ID;
    public static final String KIND = "gpu-portal.dev/kind";
    public static final String KUEUE_QUEUE = "kueue.x-k8s.io/queue-name";
    /** Kueue keeps all of a pod set's pods within one domain of this topology level. */
    static final String REQUIRED_TOPOLOGY = "kueue.x-k8s.io/podset-required-topology";
    /** Kueue places a pod set by topology without keeping its pods together (on flavors placed by topology). */
    static final String UNCONSTRAINED_TOPOLOGY = "kueue.x-k8s.io/podset-unconstrained-topology";

    static final String PRODUCT_LABEL = "nvidia.com/gpu.product";
    static final String RESTARTED_AT = "gpu-portal.dev/restarted-at";
    static final String NOTEBOOK_MOUNT = "/home/jovyan/work";
    static final String NOTEBOOK_TOKEN_KEY = "token";
    static final int NOTEBOOK_PORT = 8888;
    public static final String CHECKPOINT_MOUNT = "/checkpoints";

    private WorkloadManifests() {}

    public static List<HasMetadata> render(WorkloadBlueprint w) {
        return switch (w.spec()) {
            case WorkloadSpec.Notebook n ->
                List.of(pvc(w, "workspace", n.workspaceBytes()), notebook(w, n), service(w, NOTEBOOK_PORT, false));
            case WorkloadSpec.Training t -> training(w, t);
            case WorkloadSpec.Inference i -> List.of(inference(w, i), service(w, i.port(), false), autoscaler(w, i));
        };
    }

    static Map<String, String> labels(WorkloadBlueprint w) {
        Map<String, String> labels = new TreeMap<>(OwnedLabels.tenant(w.tenantSlug()));
        labels.put(OwnedLabels.COMPONENT, "workload");
        labels.put(WORKLOAD, w.name());
        labels.put(WORKLOAD_ID, Long.toString(w.workloadId()));
        labels.put(KIND, kindLabel(w.spec()));
        return labels;
    }

    static Map<String, String> selector(WorkloadBlueprint w) {
        return Map.of(WORKLOAD_ID, Long.toString(w.workloadId()));
    }

    static String kindLabel(WorkloadSpec spec) {
        return switch (spec) {
            case WorkloadSpec.Notebook n -> "notebook";
            case WorkloadSpec.Training t -> "training";
            case WorkloadSpec.Inference i -> "inference";
        };
    }

    private static ObjectMeta meta(WorkloadBlueprint w, String name) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(w.namespace())
                .withLabels(labels(w))
                .build();
    }

    static PersistentVolumeClaim pvc(WorkloadBlueprint w, String purpose, long bytes) {
        return new PersistentVolumeClaimBuilder()
                .withMetadata(meta(w, w.name() + "-" + purpose))
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity(Quantities.formatBytes(bytes))))
                .endResources()
                .endSpec()
                .build();
    }

    /**
     * The Secret holding a notebook's Jupyter token, without the token: the reconciler fills it once, so the token
     * never changes under a running notebook and the portal can ask the server for its activity.
     */
    static Secret notebookTokenSecret(WorkloadBlueprint w) {
        return new SecretBuilder()
                .withMetadata(meta(w, tokenSecretName(w.name())))
                .withType("Opaque")
                .build();
    }

    static String tokenSecretName(String workloadName) {
        return workloadName + "-jupyter";
    }

    static StatefulSet notebook(WorkloadBlueprint w, WorkloadSpec.Notebook n) {
        Container container = container(w, "notebook", n.image(), n.cpuMillis(), n.memoryBytes(), n.gpuCount())
                .addNewEnv()
                .withName("JUPYTER_TOKEN")
                .withNewValueFrom()
                .withNewSecretKeyRef()
                .withName(tokenSecretName(w.name()))
                .withKey(NOTEBOOK_TOKEN_KEY)
                .endSecretKeyRef()
                .endValueFrom()
                .endEnv()
                .addToEnv(notebookArgs(w))
                .addNewPort()
                .withName("http")
                .withContainerPort(NOTEBOOK_PORT)
                .endPort()
                .addNewVolumeMount()
                .withName("workspace")
                .withMountPath(NOTEBOOK_MOUNT)
                .endVolumeMount()
                .build();
        PodSpec pod = podSpec(w, container, "Always")
                .addNewVolume()
                .withName("workspace")
                .withNewPersistentVolumeClaim()
                .withClaimName(w.name() + "-workspace")
                .endPersistentVolumeClaim()
                .endVolume()
                .build();
        return new StatefulSetBuilder()
                .withMetadata(meta(w, w.name()))
                .withNewSpec()
                .withReplicas(w.running() ? 1 : 0)
                .withServiceName(w.name())
                .withNewSelector()
                .withMatchLabels(selector(w))
                .endSelector()
                .withTemplate(template(w, pod))
                .endSpec()
                .build();
    }

    /**
     * Jupyter serves under its route's prefix; the Jupyter images' start script reads its extra arguments from
     * {@code NOTEBOOK_ARGS}.
     */
    static EnvVar notebookArgs(WorkloadBlueprint w) {
        String base = RoutePaths.base(RouteKind.NOTEBOOKS, w.tenantSlug(), w.name());
        return new EnvVar("NOTEBOOK_ARGS", "--ServerApp.base_url=" + base, null);
    }

    static List<HasMetadata> training(WorkloadBlueprint w, WorkloadSpec.Training t) {
        List<EnvVar> env = new ArrayList<>();
        t.env().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> env.add(new EnvVar(e.getKey(), e.getValue(), null)));
        env.add(new EnvVar("WORLD_SIZE", Integer.toString(t.workers()), null));
        env.add(new EnvVar("CHECKPOINT_DIR", CHECKPOINT_MOUNT, null));
        boolean distributed = t.workers() > 1;
        if (distributed) {
            env.add(new EnvVar("MASTER_ADDR", w.name() + "-0." + w.name(), null));
        }
        ContainerBuilder trainer = container(w, "trainer", t.image(), t.cpuMillis(), t.memoryBytes(), t.gpuCount());
        if (t.fastInterconnect() && w.rdmaResource() != null && w.gpuResource() != null && t.gpuCount() > 0) {
            // one RDMA device per worker: its GPUs talk to the peers' over the fabric, not through the CPU
            trainer.editResources()
                    .addToRequests(w.rdmaResource(), new Quantity("1"))
                    .addToLimits(w.rdmaResource(), new Quantity("1"))
                    .endResources();
        }
        Container container = trainer.withCommand(t.command())
                .withArgs(t.args())
                .withEnv(env)
                .addNewVolumeMount()
                .withName("checkpoints")
                .withMountPath(CHECKPOINT_MOUNT)
                .endVolumeMount()
                .build();
        PodSpecBuilder pod = podSpec(w, container, "Never")
                .addNewVolume()
                .withName("checkpoints")
                .withNewPersistentVolumeClaim()
                .withClaimName(w.name() + "-checkpoints")
                .endPersistentVolumeClaim()
                .endVolume();
        if (distributed) {
            pod.withSubdomain(w.name());
        }
        Map<String, String> jobLabels = new TreeMap<>(labels(w));
        if (w.kueueQueue() != null) {
            jobLabels.put(KUEUE_QUEUE, w.kueueQueue());
        }
        Job job = new JobBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(w.name())
                        .withNamespace(w.namespace())
                        .withLabels(jobLabels)
                        .build())
                .withNewSpec()
                .withBackoffLimit(t.retries())
                .withActiveDeadlineSeconds(t.maxRunSeconds())
                .withCompletions(t.workers())
                .withParallelism(t.workers())
                .withCompletionMode(distributed ? "Indexed" : "NonIndexed")
                .withTemplate(template(w, pod.build()))
                .endSpec()
                .build();
        Map<String, String> topology = topologyRequest(w, t);
        if (!topology.isEmpty()) {
            ObjectMeta podMeta = job.getSpec().getTemplate().getMetadata();
            Map<String, String> annotations =
                    new TreeMap<>(podMeta.getAnnotations() == null ? Map.of() : podMeta.getAnnotations());
            annotations.putAll(topology);
            podMeta.setAnnotations(annotations);
        }
        List<HasMetadata> objects = new ArrayList<>(List.of(pvc(w, "checkpoints", t.checkpointBytes()), job));
        if (distributed) {
            objects.add(service(w, 29500, true));
        }
        return objects;
    }

    /**
     * How Kueue is to place the job's workers: within one block when they asked for the fast interconnect, else
     * anywhere; only where Kueue places the job's GPUs by topology (a flavor placed by topology takes only pods that
     * say how to place them).
     */
    static Map<String, String> topologyRequest(WorkloadBlueprint w, WorkloadSpec.Training t) {
        if (w.kueueQueue() == null || !w.topologyPlaced() || t.gpuCount() == 0) {
            return Map.of();
        }
        return t.fastInterconnect()
                ? Map.of(REQUIRED_TOPOLOGY, NodeTopology.KEEP_TOGETHER_LEVEL)
                : Map.of(UNCONSTRAINED_TOPOLOGY, "true");
    }

    static Deployment inference(WorkloadBlueprint w, WorkloadSpec.Inference i) {
        Container container = container(w, "server", i.image(), i.cpuMillis(), i.memoryBytes(), i.gpuCount())
                .addNewPort()
                .withName("http")
                .withContainerPort(i.port())
                .endPort()
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPath(i.readinessPath())
                .withPort(new IntOrString(i.port()))
                .endHttpGet()
                .withPeriodSeconds(10)
                .endReadinessProbe()
                .build();
        return new DeploymentBuilder()
                .withMetadata(meta(w, w.name()))
                .withNewSpec()
                .withReplicas(w.running() ? i.minReplicas() : 0)
                .withNewSelector()
                .withMatchLabels(selector(w))
                .endSelector()
                .withTemplate(template(w, podSpec(w, container, "Always").build()))
                .endSpec()
                .build();
    }

    static HorizontalPodAutoscaler autoscaler(WorkloadBlueprint w, WorkloadSpec.Inference i) {
        return new HorizontalPodAutoscalerBuilder()
                .withMetadata(meta(w, w.name()))
                .withNewSpec()
                .withNewScaleTargetRef()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName(w.name())
                .endScaleTargetRef()
                .withMinReplicas(i.minReplicas())
                .withMaxReplicas(i.maxReplicas())
                .addNewMetric()
                .withType("Resource")
                .withNewResource()
                .withName("cpu")
                .withNewTarget()
                .withType("Utilization")
                .withAverageUtilization(i.targetCpuPercent())
                .endTarget()
                .endResource()
                .endMetric()
                .endSpec()
                .build();
    }

    static Service service(WorkloadBlueprint w, int targetPort, boolean headless) {
        ServiceBuilder service = new ServiceBuilder()
                .withMetadata(meta(w, w.name()))
                .withNewSpec()
                .withSelector(selector(w))
                .addNewPort()
                .withName(headless ? "workers" : "http")
                .withPort(headless ? targetPort : 80)
                .withTargetPort(new IntOrString(targetPort))
                .endPort()
                .endSpec();
        if (headless) {
            service.editSpec().withClusterIP("None").endSpec();
        }
        return service.build();
    }

    private static ContainerBuilder container(
            WorkloadBlueprint w, String name, String image, long cpuMillis, long memoryBytes, int gpus) {
        return new ContainerBuilder()
                .withName(name)
                .withImage(image)
                .withResources(resources(w, cpuMillis, memoryBytes, gpus));
    }

    /**
     * CPU, memory and GPUs requested and limited alike: GPUs must be, and equal CPU limits keep the tenant's
     * LimitRange defaults from capping a larger request.
     */
    static ResourceRequirements resources(WorkloadBlueprint w, long cpuMillis, long memoryBytes, int gpus) {
        Map<String, Quantity> requests = new LinkedHashMap<>();
        Map<String, Quantity> limits = new LinkedHashMap<>();
        requests.put("cpu", new Quantity(Quantities.formatCpu(cpuMillis)));
        requests.put("memory", new Quantity(Quantities.formatBytes(memoryBytes)));
        limits.put("cpu", new Quantity(Quantities.formatCpu(cpuMillis)));
        limits.put("memory", new Quantity(Quantities.formatBytes(memoryBytes)));
        if (w.gpuResource() != null && gpus > 0) {
            requests.put(w.gpuResource(), new Quantity(Integer.toString(gpus)));
            limits.put(w.gpuResource(), new Quantity(Integer.toString(gpus)));
        }
        return new ResourceRequirementsBuilder()
                .withRequests(requests)
                .withLimits(limits)
                .build();
    }

    private static PodSpecBuilder podSpec(WorkloadBlueprint w, Container container, String restartPolicy) {
        PodSpecBuilder pod = new PodSpecBuilder()
                .withContainers(container)
                .withRestartPolicy(restartPolicy)
                .withEnableServiceLinks(false);
        if (w.gpuResource() != null && w.gpuProduct() != null && w.spec().gpuCount() > 0) {
            pod.withNodeSelector(Map.of(PRODUCT_LABEL, w.gpuProduct()));
        }
        w.placement()
                .nodeAffinity()
                .ifPresent(a -> pod.withNewAffinity().withNodeAffinity(a).endAffinity());
        return pod;
    }

    private static PodTemplateSpec template(WorkloadBlueprint w, PodSpec pod) {
        ObjectMetaBuilder meta = new ObjectMetaBuilder().withLabels(labels(w));
        if (w.restartedAt() != null) {
            meta.withAnnotations(Map.of(RESTARTED_AT, w.restartedAt().toString()));
        }
        return new PodTemplateSpecBuilder()
                .withMetadata(meta.build())
                .withSpec(pod)
                .build();
    }
}
