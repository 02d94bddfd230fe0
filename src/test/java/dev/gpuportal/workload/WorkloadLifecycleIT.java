package dev.gpuportal.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gpuportal.cluster.tenants.TenantReconciler;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaExceededException;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.security.Authorities;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.testsupport.kubernetes.SimulatedClusterSpringTest;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/** Self-service workloads on the simulated cluster, from request to running pods and back. */
class WorkloadLifecycleIT extends SimulatedClusterSpringTest {

    @Autowired
    TenantService tenants;

    @Autowired
    MembershipService memberships;

    @Autowired
    QuotaService quotas;

    @Autowired
    TenantReconciler tenantReconciler;

    @Autowired
    WorkloadService workloads;

    @Autowired
    WorkloadSettings settings;

    @Autowired
    NotebookActivity jupyter;

    @Autowired
    dev.gpuportal.base.Leadership leadership;

    @Autowired
    NotebookGpuUse gpuUse;

    @Autowired
    dev.gpuportal.notification.NotificationService notifications;

    final KubernetesClient admin = cluster.admin();

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void notebookOnAMigSliceRunsStopsKeepingItsVolumeAndStartsAgain() {
        tenant("wl-nb", "2", Map.of());
        signIn("dana", "wl-nb-team");
        long submitted = System.nanoTime();
        WorkloadView nb = workloads.submit(notebook("wl-nb", "explore", "mig-1g.10gb", "1"));
        long admitted = System.nanoTime();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> admin.apps()
                                .statefulSets()
                                .inNamespace("wl-nb")
                                .withName("explore")
                                .get()
                        != null);
        long applied = System.nanoTime();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> podsOf("wl-nb", nb.id()).stream()
                        .anyMatch(p -> "Running".equals(p.getStatus().getPhase())));
        long podRunning = System.nanoTime();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> phaseOf(nb.id()) == ObservedPhase.RUNNING);
        long shown = System.nanoTime();
        System.out.printf(
                "BENCHMARK notebook on mig-1g.10gb, submit to Running: %d ms = portal admission %d ms + portal apply %d ms"
                        + " + Kubernetes (controller, scheduler, KWOK) %d ms + portal observation %d ms%n",
                (shown - submitted) / 1_000_000,
                (admitted - submitted) / 1_000_000,
                (applied - admitted) / 1_000_000,
                (podRunning - applied) / 1_000_000,
                (shown - podRunning) / 1_000_000);
        List<Pod> pods = podsOf("wl-nb", nb.id());
        assertThat(pods)
                .singleElement()
                .satisfies(p -> assertThat(p.getSpec().getNodeName()).startsWith("kwok-h100-mig-"));

        workloads.stop(nb.id());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> podsOf("wl-nb", nb.id()).isEmpty());
        assertThat(admin.persistentVolumeClaims()
                        .inNamespace("wl-nb")
                        .withName("explore-workspace")
                        .get())
                .isNotNull();
        await().atMost(Duration.ofSeconds(30)).until(() -> phaseOf(nb.id()) == ObservedPhase.STOPPED);

        WorkloadView starting = workloads.start(nb.id());
        assertThat(starting.desired()).isEqualTo(DesiredState.RUNNING);
        assertThat(starting.statusText()).isEqualTo("Pending: Starting");
        await().atMost(Duration.ofSeconds(60)).until(() -> phaseOf(nb.id()) == ObservedPhase.RUNNING);
        assertThat(podsOf("wl-nb", nb.id())).hasSize(1);

        // Stop and start again at once, before the pod is gone: the phase follows the pods, not the stop.
        workloads.stop(nb.id());
        assertThat(workloads.start(nb.id()).phase()).isEqualTo(ObservedPhase.PENDING);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> phaseOf(nb.id()) == ObservedPhase.RUNNING
                        && podsOf("wl-nb", nb.id()).size() == 1);
        assertThat(workloads.get(nb.id()).statusText()).isEqualTo("Running");
    }

    @Test
    void anIdleNotebookIsStoppedKeepingItsVolumeAndItsOwnerSeesWhy() {
        tenant("wl-idle", "2", Map.of(), "30m");
        tenant("wl-never", "2", Map.of(), "never");
        signIn("dana", "wl-idle-team", "wl-never-team");
        WorkloadView idle = workloads.submit(notebook("wl-idle", "forgotten", "mig-1g.10gb", "1"));
        WorkloadView busy = workloads.submit(notebook("wl-idle", "busy", "mig-1g.10gb", "1"));
        WorkloadView exempt = workloads.submit(notebook("wl-never", "keep", "mig-1g.10gb", "1"));
        for (WorkloadView nb : List.of(idle, busy, exempt)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> phaseOf(nb.id()) == ObservedPhase.RUNNING);
        }
        // Each notebook gets its own Jupyter token, kept in a Secret of its own and handed to the server.
        var token = admin.secrets()
                .inNamespace("wl-idle")
                .withName("forgotten-jupyter")
                .get();
        assertThat(token.getData()).containsKey("token");
        assertThat(admin.apps()
                        .statefulSets()
                        .inNamespace("wl-idle")
                        .withName("forgotten")
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getEnv())
                .anySatisfy(e ->
                        assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("forgotten-jupyter"));
        // Simulated pods run no Jupyter server: asking through the API server's service proxy finds nobody to ask,
        // and the portal then stops nothing.
        var notebookOf = (java.util.function.LongFunction<WorkloadRequest>)
                id -> workloads.findForInternalUse(id).orElseThrow();
        assertThat(jupyter.lastActivity(notebookOf.apply(idle.id()), "wl-idle")).isEmpty();

        // Stand-in for the Jupyter servers: "forgotten" and "keep" were last used two hours ago, "busy" just now.
        java.time.Instant now = java.time.Instant.now().plus(Duration.ofHours(1));
        NotebookActivity standIn = (notebook, slug) -> java.util.Optional.of(
                notebook.getName().equals("busy") ? now.minusSeconds(60) : now.minus(Duration.ofHours(2)));
        NotebookCuller culler = new NotebookCuller(
                workloads,
                tenants,
                quotas,
                standIn,
                settings,
                java.time.Clock.fixed(now, java.time.ZoneOffset.UTC),
                leadership,
                gpuUse,
                notifications);

        assertThat(AsPlatformAdmin.call(culler::cullIdleNotebooks)).isEqualTo(1);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> podsOf("wl-idle", idle.id()).isEmpty());
        assertThat(admin.apps()
                        .statefulSets()
                        .inNamespace("wl-idle")
                        .withName("forgotten")
                        .get()
                        .getSpec()
                        .getReplicas())
                .isZero();
        assertThat(admin.persistentVolumeClaims()
                        .inNamespace("wl-idle")
                        .withName("forgotten-workspace")
                        .get())
                .isNotNull();
        WorkloadView stopped = workloads.get(idle.id());
        assertThat(stopped.desired()).isEqualTo(DesiredState.STOPPED);
        assertThat(stopped.reason())
                .startsWith("Stopped after 30 min without activity (idle since ")
                .endsWith("the workspace volume is kept: start it again when you need it");
        assertThat(workloads.get(busy.id()).desired()).isEqualTo(DesiredState.RUNNING);
        assertThat(workloads.get(exempt.id()).desired()).isEqualTo(DesiredState.RUNNING);
        assertThat(podsOf("wl-never", exempt.id())).hasSize(1);

        // A second pass finds nothing more to do; the owner starts the notebook again.
        assertThat(AsPlatformAdmin.call(culler::cullIdleNotebooks)).isZero();
        workloads.start(idle.id());
        await().atMost(Duration.ofSeconds(60)).until(() -> phaseOf(idle.id()) == ObservedPhase.RUNNING);
    }

    /**
     * The activity probe end to end through the real API server's service proxy. Simulated pods run no process, so
     * a small HTTP server speaking Jupyter's {@code /api/status} stands in for the notebook server: the test gives it
     * a pod (on a node nobody manages, with the server's address as pod IP), a Service and its endpoints, as a
     * kubelet and the endpoints controller would.
     */
    @Test
    void theActivityProbeAsksJupyterThroughTheApiServersServiceProxyWithTheNotebooksToken() throws Exception {
        tenant("wl-probe", "1", Map.of());
        String ns = "wl-probe";
        String token = "t0ken-" + System.nanoTime();
        java.net.InetAddress address =
                java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                        .filter(i -> {
                            try {
                                return i.isUp() && !i.isLoopback();
                            } catch (java.net.SocketException e) {
                                return false;
                            }
                        })
                        .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                        .filter(a -> a instanceof java.net.Inet4Address && !a.isLinkLocalAddress())
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("the API server proxies only to non-loopback addresses"));
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(address, 0), 0);
        server.createContext("/t/wl-probe/notebooks/lab/api/status", exchange -> {
            boolean authorised =
                    ("token=" + token).equals(exchange.getRequestURI().getRawQuery());
            byte[] body = (authorised
                            ? "{\"started\":\"2026-11-23T08:00:00.000000Z\",\"last_activity\":\"2026-11-23T09:12:30.500000Z\","
                                    + "\"connections\":0,\"kernels\":1}"
                            : "{\"message\":\"Forbidden\"}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(authorised ? 200 : 403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            String ip = address.getHostAddress();
            admin.nodes()
                    .resource(new io.fabric8.kubernetes.api.model.NodeBuilder()
                            .withNewMetadata()
                            .withName("jupyter-standin-node")
                            .endMetadata()
                            .build())
                    .serverSideApply();
            Pod pod = admin.pods()
                    .inNamespace(ns)
                    .resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                            .withNewMetadata()
                            .withName("lab-0")
                            .endMetadata()
                            .withNewSpec()
                            .withNodeName("jupyter-standin-node")
                            .addNewContainer()
                            .withName("notebook")
                            .withImage("quay.io/jupyter/scipy-notebook:2026-11-02")
                            .withNewResources()
                            .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("100m"))
                            .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("128Mi"))
                            .addToLimits("cpu", new io.fabric8.kubernetes.api.model.Quantity("100m"))
                            .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("128Mi"))
                            .endResources()
                            .endContainer()
                            .endSpec()
                            .build())
                    .create();
            pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                    .withPhase("Running")
                    .withPodIP(ip)
                    .addNewPodIP(ip)
                    .addNewCondition()
                    .withType("Ready")
                    .withStatus("True")
                    .endCondition()
                    .build());
            pod = admin.pods().inNamespace(ns).resource(pod).updateStatus();
            admin.services()
                    .inNamespace(ns)
                    .resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                            .withNewMetadata()
                            .withName("lab")
                            .endMetadata()
                            .withNewSpec()
                            .addNewPort()
                            .withName("http")
                            .withPort(8888)
                            .withNewTargetPort(port)
                            .endPort()
                            .endSpec()
                            .build())
                    .create();
            admin.endpoints()
                    .inNamespace(ns)
                    .resource(new io.fabric8.kubernetes.api.model.EndpointsBuilder()
                            .withNewMetadata()
                            .withName("lab")
                            .endMetadata()
                            .addNewSubset()
                            .addNewAddress()
                            .withIp(ip)
                            .withNewTargetRef()
                            .withKind("Pod")
                            .withName("lab-0")
                            .withNamespace(ns)
                            .withUid(pod.getMetadata().getUid())
                            .endTargetRef()
                            .endAddress()
                            .addNewPort()
                            .withName("http")
                            .withPort(port)
                            .endPort()
                            .endSubset()
                            .build())
                    .create();
            var lab = new WorkloadRequest(
                    1L,
                    "lab",
                    "dana",
                    new WorkloadSpec.Notebook(
                            "quay.io/jupyter/scipy-notebook:2026-11-02", 100, 128L << 20, null, 0, 1L << 30),
                    null,
                    java.time.Instant.now());

            // No token Secret yet: the portal does not ask a server it cannot authenticate to.
            assertThat(jupyter(lab)).isEmpty();
            admin.secrets()
                    .inNamespace(ns)
                    .resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                            .withNewMetadata()
                            .withName("lab-jupyter")
                            // labelled like the portal's own token Secrets: the probe reads them from its watch cache
                            .withLabels(dev.gpuportal.cluster.registry.OwnedLabels.tenant(ns))
                            .endMetadata()
                            .addToStringData("token", "wrong")
                            .build())
                    .create();
            // 403 from the server: nothing is decided
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> jupyter(lab).isEmpty());
            admin.secrets()
                    .inNamespace(ns)
                    .withName("lab-jupyter")
                    .edit(secret -> new io.fabric8.kubernetes.api.model.SecretBuilder(secret)
                            .withData(null)
                            .addToStringData("token", token)
                            .build());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> jupyter(lab)
                            .equals(java.util.Optional.of(java.time.Instant.parse("2026-11-23T09:12:30.500Z"))));
        } finally {
            server.stop(0);
            admin.nodes().withName("jupyter-standin-node").delete();
        }
    }

    private java.util.Optional<java.time.Instant> jupyter(WorkloadRequest notebook) {
        return jupyter.lastActivity(notebook, "wl-probe");
    }

    @Test
    void aRequestOverQuotaIsRefusedByThePortalWithNumbers() {
        tenant("wl-full", "0.5", Map.of());
        signIn("dana", "wl-full-team");
        workloads.submit(notebook("wl-full", "first", "mig-3g.40gb", "1"));
        assertThatThrownBy(() -> workloads.submit(notebook("wl-full", "second", "mig-3g.40gb", "1")))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessage(
                        "Needs 0.43 GPU (3/7 H100) for 1 × 3g.40gb; tenant wl-full has 0.07 GPU (1/14) of 0.5 GPU left — choose a smaller"
                                + " profile, stop a workload, or ask an admin");
        assertThat(workloads.listOfTenant("wl-full"))
                .extracting(WorkloadView::name)
                .containsExactly("first");
    }

    @Test
    void twentyParallelRequestsForTheLastThreeSlicesAdmitExactlyThree() throws Exception {
        tenant("wl-race", "3/7", Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = "racer-" + i;
            results.add(pool.submit(() -> {
                signIn("racer", "wl-race-team");
                go.await();
                try {
                    workloads.submit(notebook("wl-race", name, "mig-1g.10gb", "1"));
                    return true;
                } catch (QuotaExceededException refused) {
                    return false;
                } finally {
                    SecurityContextHolder.clearContext();
                }
            }));
        }
        go.countDown();
        int admitted = 0;
        for (Future<Boolean> result : results) {
            admitted += result.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(admitted).isEqualTo(3);
        signIn("racer", "wl-race-team");
        assertThat(workloads.listOfTenant("wl-race")).hasSize(3);
    }

    @Test
    void aTrainingJobWithTwoWorkersIsAnIndexedJobWhosePodsRun() {
        tenant("wl-train", "2", Map.of());
        signIn("dana", "wl-train-team");
        WorkloadView job = workloads.submit(new WorkloadForm.Training(
                "wl-train",
                "bert",
                "nvcr.io/nvidia/pytorch:26.10-py3",
                List.of("python", "train.py"),
                List.of("--epochs", "3"),
                List.of(new WorkloadForm.EnvVar("LR", "0.001")),
                "4",
                "16Gi",
                "mig-1g.10gb",
                "1",
                "2",
                "1",
                "2h",
                "10Gi",
                false));

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(podsOf("wl-train", job.id()))
                        .hasSize(2)
                        .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running")));
        var k8sJob = admin.batch()
                .v1()
                .jobs()
                .inNamespace("wl-train")
                .withName("bert")
                .get();
        assertThat(k8sJob.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(admin.services()
                        .inNamespace("wl-train")
                        .withName("bert")
                        .get()
                        .getSpec()
                        .getClusterIP())
                .isEqualTo("None");
        await().atMost(Duration.ofSeconds(30)).until(() -> phaseOf(job.id()) == ObservedPhase.RUNNING);
    }

    @Test
    void anInferenceEndpointGetsDeploymentServiceAndAutoscaler() {
        tenant("wl-serve", "2", Map.of());
        signIn("dana", "wl-serve-team");
        WorkloadView endpoint = workloads.submit(new WorkloadForm.Inference(
                "wl-serve",
                "ranker",
                "nvcr.io/nvidia/tritonserver:26.10-py3",
                "8000",
                "2",
                "8Gi",
                "shared-l4",
                "1",
                "1",
                "3",
                "70",
                "/v2/health/ready"));

        await().atMost(Duration.ofSeconds(60)).until(() -> phaseOf(endpoint.id()) == ObservedPhase.RUNNING);
        assertThat(admin.apps()
                        .deployments()
                        .inNamespace("wl-serve")
                        .withName("ranker")
                        .get())
                .isNotNull();
        assertThat(admin.services().inNamespace("wl-serve").withName("ranker").get())
                .isNotNull();
        assertThat(admin.autoscaling()
                        .v2()
                        .horizontalPodAutoscalers()
                        .inNamespace("wl-serve")
                        .withName("ranker")
                        .get()
                        .getSpec()
                        .getMaxReplicas())
                .isEqualTo(3);
        assertThat(podsOf("wl-serve", endpoint.id()))
                .singleElement()
                .satisfies(p -> assertThat(p.getSpec().getNodeName()).startsWith("kwok-l4-shared-"));
    }

    @Test
    void badInputChangesNothing() {
        tenant("wl-bad", "2", Map.of());
        signIn("dana", "wl-bad-team");
        assertThatThrownBy(() -> workloads.submit(new WorkloadForm.Notebook(
                        "wl-bad", "Bad Name", "evil.example/miner:1", "2", "12 gigs", "h100-80gb", "1.5", "20Gi")))
                .isInstanceOfSatisfying(
                        dev.gpuportal.base.InvalidInputException.class,
                        e -> assertThat(e.fieldErrors()).containsKeys("name", "image", "memory", "gpuCount"));
        assertThatThrownBy(() -> workloads.submit(notebook("wl-bad", "too-big", "h100-80gb", "9")))
                .isInstanceOfSatisfying(
                        dev.gpuportal.base.InvalidInputException.class,
                        e -> assertThat(e.fieldErrors().get("gpuCount"))
                                .startsWith("No node offers more than 8 × H100"));
        assertThat(workloads.listOfTenant("wl-bad")).isEmpty();
        assertThat(admin.apps().statefulSets().inNamespace("wl-bad").list().getItems())
                .isEmpty();
    }

    @Test
    void archivingATenantWithRunningWorkloadsIsRefusedUnlessConfirmedThenEverythingGoes() {
        tenant("wl-gone", "1", Map.of());
        signIn("dana", "wl-gone-team");
        WorkloadView nb = workloads.submit(notebook("wl-gone", "last", "mig-1g.10gb", "1"));
        await().atMost(Duration.ofSeconds(60)).until(() -> phaseOf(nb.id()) == ObservedPhase.RUNNING);

        AsPlatformAdmin.run(() -> {
            assertThatThrownBy(() -> tenants.archive("wl-gone"))
                    .isInstanceOf(dev.gpuportal.base.ConflictException.class)
                    .hasMessage("Tenant 'wl-gone' cannot be archived: 1 workload is still running: stop them first");
            tenants.archive("wl-gone", true);
        });
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            tenantReconciler.reconcile("wl-gone");
            assertThat(admin.namespaces().withName("wl-gone").get()).isNull();
            assertThat(AsPlatformAdmin.call(() -> workloads.findForInternalUse(nb.id())))
                    .isEmpty();
        });
    }

    private ObservedPhase phaseOf(long id) {
        return AsPlatformAdmin.call(() -> workloads.get(id).phase());
    }

    private List<Pod> podsOf(String ns, long id) {
        return admin
                .pods()
                .inNamespace(ns)
                .withLabel("gpu-portal.dev/workload-id", Long.toString(id))
                .list()
                .getItems()
                .stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    static WorkloadForm.Notebook notebook(String tenant, String name, String profile, String count) {
        return new WorkloadForm.Notebook(
                tenant, name, "quay.io/jupyter/scipy-notebook:2026-11-02", "1", "4Gi", profile, count, "10Gi");
    }

    private void tenant(String slug, String gpus, Map<String, String> caps) {
        tenant(slug, gpus, caps, "");
    }

    private void tenant(String slug, String gpus, Map<String, String> caps, String idleLimit) {
        AsPlatformAdmin.run(() -> {
            tenants.create(new TenantDraft(slug, slug, null, IsolationTier.SHARED, List.of()), List.of("sim"));
            memberships.grant(slug, SubjectType.GROUP, slug + "-team", TenantRole.MEMBER);
            quotas.update(
                    slug,
                    QuotaService.NO_QUOTA_YET,
                    new QuotaDraft(gpus, caps, "200", "800Gi", "10Ti", "50", idleLimit));
        });
        tenantReconciler.reconcile(slug);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> admin.resourceQuotas()
                                .inNamespace(slug)
                                .withName("gpu-portal-quota")
                                .get()
                                .getStatus()
                        != null);
    }

    static void signIn(String user, String... groups) {
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        user, null, Authorities.of(Set.of(groups), false)));
    }
}
