package dev.gpuportal.testsupport.kubernetes;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real simulated cluster (etcd, kube-apiserver, controller-manager, scheduler, KWOK GPU nodes) started once per
 * test JVM with {@code e2e/cluster/up.sh} and stopped with {@code down.sh} when the JVM exits. The binaries are
 * built from source on first use (see e2e/cluster/build.sh), so the first run on a fresh machine takes minutes.
 * Its API server writes an audit log of the requests of service accounts, so tests can see what the portal, running
 * as the Helm chart's ServiceAccount ({@link #portalKubeconfig()}), was refused.
 */
public final class SimulatedCluster {

    /** The ServiceAccount of the Helm chart's portal (release "gpu-portal" in namespace "gpu-portal"). */
    public static final String PORTAL_NAMESPACE = "gpu-portal";

    public static final String PORTAL_SERVICE_ACCOUNT = "gpu-portal";
    public static final String PORTAL_USER = "system:serviceaccount:" + PORTAL_NAMESPACE + ":" + PORTAL_SERVICE_ACCOUNT;
    /** Where the portal of the Spring tests keeps its leader-election Lease (no POD_NAMESPACE there). */
    static final String LEASE_NAMESPACE = "default";

    private static SimulatedCluster shared;
    private static SimulatedCluster withKueue;
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private final Path directory;
    private final Path kubeconfig;
    private final KubernetesClient admin;
    private Path portalKubeconfig;

    private SimulatedCluster(Path directory, Path kubeconfig) {
        this.directory = directory;
        this.kubeconfig = kubeconfig;
        this.admin = new KubernetesClientBuilder().withConfig(config()).build();
    }

    /** The cluster of this test JVM, started on first use. */
    public static synchronized SimulatedCluster shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "simulated-cluster-down"));
        }
        return shared;
    }

    /**
     * A second cluster of this test JVM that also runs Kueue (up.sh with {@code GPU_PORTAL_KUEUE=1}), started on first
     * use: GPU sharing changes how jobs are admitted, so the other tests keep a cluster without it.
     */
    public static synchronized SimulatedCluster withKueue() {
        if (withKueue == null) {
            withKueue = start(true);
            Runtime.getRuntime().addShutdownHook(new Thread(withKueue::stop, "simulated-kueue-cluster-down"));
        }
        return withKueue;
    }

    private static SimulatedCluster start() {
        return start(false);
    }

    private static SimulatedCluster start(boolean kueue) {
        Path repo = repositoryRoot();
        try {
            Path dir = Files.createTempDirectory(kueue ? "gpu-portal-it-kueue" : "gpu-portal-it-cluster");
            Path log = dir.resolveSibling(dir.getFileName() + ".up.log");
            Path auditPolicy = dir.resolve("audit-policy.yaml"); // removed with the cluster by down.sh
            // Service accounts only: the tests' admin and the control plane's own components are not logged.
            Files.writeString(auditPolicy, """
                    apiVersion: audit.k8s.io/v1
                    kind: Policy
                    omitStages: [RequestReceived]
                    rules:
                      - level: Metadata
                        userGroups: ["system:serviceaccounts"]
                      - level: None
                    """);
            ProcessBuilder builder = new ProcessBuilder(
                            "bash", repo.resolve("e2e/cluster/up.sh").toString(), dir.toString())
                    .redirectError(log.toFile());
            builder.environment()
                    .merge(
                            "GPU_PORTAL_APISERVER_ARGS",
                            "--audit-policy-file " + auditPolicy + " --audit-log-path " + dir.resolve("audit.log"),
                            (before, audit) -> before + " " + audit);
            if (kueue) {
                builder.environment().put("GPU_PORTAL_KUEUE", "1");
            } else if (prometheusInstalled()) {
                // Prometheus, kube-state-metrics and the DCGM-exporter stand-in
                builder.environment().put("GPU_PORTAL_METRICS", "1");
            }
            Process up = builder.start();
            String out = new String(up.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!up.waitFor(30, TimeUnit.MINUTES) || up.exitValue() != 0) {
                throw new IllegalStateException("e2e/cluster/up.sh failed:\n" + Files.readString(log));
            }
            List<String> lines = out.lines().toList();
            return new SimulatedCluster(dir, Path.of(lines.getLast()));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the simulated cluster", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the simulated cluster", e);
        }
    }

    private void stop() {
        admin.close();
        try {
            new ProcessBuilder(
                            "bash",
                            repositoryRoot().resolve("e2e/cluster/down.sh").toString(),
                            directory.toString())
                    .inheritIO()
                    .start()
                    .waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.err.println("Could not stop the simulated cluster in " + directory + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The URL of the Prometheus beside the cluster (e2e/metrics), when Debian's prometheus is installed. */
    public java.util.Optional<String> prometheusUrl() {
        try {
            return Files.readAllLines(directory.resolve("cluster.env")).stream()
                    .filter(line -> line.startsWith("PROMETHEUS_URL="))
                    .map(line -> line.substring("PROMETHEUS_URL=".length()))
                    .findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static boolean prometheusInstalled() {
        String path = System.getenv().getOrDefault("PATH", "");
        return java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "prometheus")));
    }

    /**
     * Freezes a component of the cluster folder (e.g. "prometheus") with SIGSTOP until the returned handle is
     * closed (SIGCONT): it accepts connections but answers nothing, like a hung server.
     */
    public AutoCloseable freeze(String component) {
        long pid = pidOf(component);
        signal("STOP", pid);
        return () -> signal("CONT", pid);
    }

    /**
     * Stops a component of the cluster folder (e.g. "kueue") with SIGTERM (SIGKILL if it lingers) until the returned
     * handle is closed, which starts it again with the same command line and environment (same ports and
     * certificates): meanwhile every connection to it is refused, as with a component that is down.
     */
    public AutoCloseable stop(String component) {
        long pid = pidOf(component);
        ProcessHandle old = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(component + " " + pid + " is not running"));
        String command = old.info().command().orElseThrow();
        String[] arguments = old.info().arguments().orElse(new String[0]);
        java.util.Map<String, String> environment = environmentOf(pid);
        old.destroy();
        try {
            old.onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception lingering) {
            old.destroyForcibly();
            old.onExit().join();
        }
        return () -> {
            ProcessBuilder again = new ProcessBuilder(concat(command, arguments))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            directory.resolve("logs/" + component + ".log").toFile()));
            again.environment().clear();
            again.environment().putAll(environment);
            replacePid(component, pid, again.start().pid());
        };
    }

    /** A process's environment, from /proc (the components are started with variables of their own). */
    private static java.util.Map<String, String> environmentOf(long pid) {
        try {
            java.util.Map<String, String> environment = new java.util.LinkedHashMap<>();
            for (String entry : new String(
                            Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")), StandardCharsets.UTF_8)
                    .split("\0")) {
                int equals = entry.indexOf('=');
                if (equals > 0) {
                    environment.put(entry.substring(0, equals), entry.substring(equals + 1));
                }
            }
            return environment;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the environment of process " + pid, e);
        }
    }

    /** A client with cluster-admin rights (the cluster's system:masters certificate). */
    public KubernetesClient admin() {
        return admin;
    }

    /**
     * A kubeconfig for the ServiceAccount the Helm chart gives the portal, bound to the chart's ClusterRole and
     * leader-election Role (deploy/gpu-portal/files/*-rules.yaml), with a token from the API server: a portal using
     * it may do on this cluster exactly what the chart allows.
     */
    public synchronized Path portalKubeconfig() {
        if (portalKubeconfig == null) {
            portalKubeconfig = createPortalIdentity();
        }
        return portalKubeconfig;
    }

    private Path createPortalIdentity() {
        admin.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(PORTAL_NAMESPACE)
                        .endMetadata()
                        .build())
                .serverSideApply();
        var subject = new SubjectBuilder()
                .withKind("ServiceAccount")
                .withName(PORTAL_SERVICE_ACCOUNT)
                .withNamespace(PORTAL_NAMESPACE)
                .build();
        admin.rbac()
                .clusterRoles()
                .resource(new ClusterRoleBuilder()
                        .withNewMetadata()
                        .withName("gpu-portal")
                        .endMetadata()
                        .withRules(chartRules("clusterrole-rules.yaml"))
                        .build())
                .forceConflicts()
                .serverSideApply();
        admin.rbac()
                .clusterRoleBindings()
                .resource(new ClusterRoleBindingBuilder()
                        .withNewMetadata()
                        .withName("gpu-portal")
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "gpu-portal")
                        .withSubjects(subject)
                        .build())
                .serverSideApply();
        admin.rbac()
                .roles()
                .resource(new RoleBuilder()
                        .withNewMetadata()
                        .withName("gpu-portal-leader-election")
                        .withNamespace(LEASE_NAMESPACE)
                        .endMetadata()
                        .withRules(chartRules("leader-election-rules.yaml"))
                        .build())
                .forceConflicts()
                .serverSideApply();
        admin.rbac()
                .roleBindings()
                .resource(new RoleBindingBuilder()
                        .withNewMetadata()
                        .withName("gpu-portal-leader-election")
                        .withNamespace(LEASE_NAMESPACE)
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "Role", "gpu-portal-leader-election")
                        .withSubjects(subject)
                        .build())
                .serverSideApply();
        return kubeconfigOf(PORTAL_SERVICE_ACCOUNT);
    }

    /**
     * A kubeconfig with a token of ServiceAccount {@code name} in the portal's namespace (created if missing): it is
     * what RBAC lets that account do, nothing more.
     */
    public Path kubeconfigOf(String name) {
        admin.serviceAccounts()
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(PORTAL_NAMESPACE)
                        .endMetadata()
                        .build())
                .serverSideApply();
        String token = admin.serviceAccounts()
                .inNamespace(PORTAL_NAMESPACE)
                .withName(name)
                .tokenRequest(new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(Duration.ofDays(2).toSeconds())
                        .endSpec()
                        .build())
                .getStatus()
                .getToken();
        Config adminConfig = config();
        String kubeconfig =
                """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: sim
                    cluster:
                      server: %s
                      certificate-authority: %s
                users:
                  - name: %s
                    user:
                      token: %s
                contexts:
                  - name: %s
                    context:
                      cluster: sim
                      user: %s
                current-context: %s
                """.formatted(adminConfig.getMasterUrl(), adminConfig.getCaCertFile(), name, token, name, name, name);
        try {
            Path file = directory.resolve(name + ".kubeconfig");
            Files.writeString(file, kubeconfig);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rules of the Helm chart's roles, read from the chart (the same file its templates include). */
    public static List<PolicyRule> chartRules(String file) {
        Path rules = repositoryRoot().resolve("deploy/gpu-portal/files").resolve(file);
        try (var in = Files.newInputStream(rules)) {
            return List.of(
                    new io.fabric8.kubernetes.client.utils.KubernetesSerialization().unmarshal(in, PolicyRule[].class));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + rules, e);
        }
    }

    /**
     * The requests of {@code user} that the API server's authorizer refused (RBAC), from line {@code fromLine} of its
     * audit log on: "verb resource[/subresource] namespace/name", each once. A 403 a workload answered through the
     * service proxy is not among them.
     */
    public List<String> forbiddenRequests(String user, int fromLine) {
        return forbiddenRequests(user, fromLine, Integer.MAX_VALUE);
    }

    /** Like {@link #forbiddenRequests(String, int)}, up to (not including) line {@code toLine}. */
    public List<String> forbiddenRequests(String user, int fromLine, int toLine) {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> forbidden = new ArrayList<>();
        List<String> lines = auditLog();
        int to = Math.min(toLine, lines.size());
        for (String line : lines.subList(Math.min(fromLine, to), to)) {
            try {
                var event = json.readTree(line);
                if (event.path("responseStatus").path("code").asInt() == 403
                        && "forbid"
                                .equals(event.path("annotations")
                                        .path("authorization.k8s.io/decision")
                                        .asText())
                        && user.equals(event.path("user").path("username").asText())) {
                    var ref = event.path("objectRef");
                    String request = event.path("verb").asText() + " "
                            + ref.path("resource").asText()
                            + (ref.has("subresource")
                                    ? "/" + ref.path("subresource").asText()
                                    : "")
                            + " " + ref.path("namespace").asText("") + "/"
                            + ref.path("name").asText("")
                            + (ref.has("resource")
                                    ? ""
                                    : " " + event.path("requestURI").asText());
                    if (!forbidden.contains(request)) {
                        forbidden.add(request);
                    }
                }
            } catch (IOException notJson) {
                // a line being written; the next read sees it whole
            }
        }
        return forbidden;
    }

    /**
     * Requests {@code user} completed since line {@code fromLine} of the audit log on the given resources (their main
     * resource, not subresources such as status), by verb in upper case: what one client sent, where the API server's
     * own request counter counts every client (the metrics stand-in, the controllers) together.
     */
    public java.util.Map<String, Long> requestsByVerb(String user, int fromLine, java.util.Set<String> resources) {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        List<String> lines = auditLog();
        for (String line : lines.subList(Math.min(fromLine, lines.size()), lines.size())) {
            try {
                var event = json.readTree(line);
                var ref = event.path("objectRef");
                if ("ResponseComplete".equals(event.path("stage").asText())
                        && user.equals(event.path("user").path("username").asText())
                        && resources.contains(ref.path("resource").asText())
                        && !ref.has("subresource")) {
                    counts.merge(event.path("verb").asText().toUpperCase(java.util.Locale.ROOT), 1L, Long::sum);
                }
            } catch (IOException notJson) {
                // a line being written; the next read sees it whole
            }
        }
        return counts;
    }

    /** How many lines the audit log has now (a mark for {@link #forbiddenRequests}). */
    public int auditLogLines() {
        return auditLog().size();
    }

    /** Requests of {@code user} in the audit log: a check that it is written at all. */
    public long requestsOf(String user) {
        return auditLog().stream()
                .filter(line -> line.contains("\"username\":\"" + user + "\""))
                .count();
    }

    private List<String> auditLog() {
        try {
            Path log = directory.resolve("audit.log");
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A client that acts as {@code user} in {@code groups}: the API server authenticates the admin and then applies
     * RBAC to the impersonated user, exactly as for a user's own credentials.
     */
    public KubernetesClient as(String user, String... groups) {
        Config config = config();
        config.setImpersonateUsername(user);
        config.setImpersonateGroups(groups);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * Freezes the API server's process (SIGSTOP) for {@code pause}, then lets it go on (SIGCONT): for that long every
     * request and watch hangs, as with an API server that stopped answering.
     */
    public void freezeApiServer(Duration pause) {
        long pid = pidOf("kube-apiserver");
        signal("STOP", pid);
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            signal("CONT", pid);
        }
    }

    /**
     * Stops the API server's process (SIGTERM, then SIGKILL if it lingers), keeps it down for {@code down}, then
     * starts it again with the same command line (same port, certificates and etcd): every connection is refused
     * meanwhile, watches end, and clients must reconnect to the new process.
     */
    public void restartApiServer(Duration down) {
        long pid = pidOf("kube-apiserver");
        ProcessHandle old = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("kube-apiserver " + pid + " is not running"));
        String command = old.info().command().orElseThrow();
        String[] arguments = old.info().arguments().orElseThrow();
        old.destroy();
        try {
            old.onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception lingering) {
            old.destroyForcibly();
            old.onExit().join();
        }
        try {
            Thread.sleep(down);
            Process again = new ProcessBuilder(concat(command, arguments))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            directory.resolve("logs/kube-apiserver.log").toFile()))
                    .start();
            replacePid("kube-apiserver", pid, again.pid());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    if ("ok".equals(admin.raw("/readyz"))) {
                        return;
                    }
                } catch (RuntimeException notYet) {
                    // still starting
                }
                if (System.nanoTime() > deadline || !again.isAlive()) {
                    throw new IllegalStateException("kube-apiserver did not come back; see " + directory + "/logs");
                }
                Thread.sleep(200);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start kube-apiserver again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String[] concat(String command, String[] arguments) {
        String[] all = new String[arguments.length + 1];
        all[0] = command;
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        return all;
    }

    /** down.sh stops what run/pids lists: the restarted process takes the old one's line. */
    private void replacePid(String component, long old, long now) throws IOException {
        Path pids = directory.resolve("run/pids");
        List<String> lines = Files.readAllLines(pids).stream()
                .map(line -> line.equals(old + " " + component) ? now + " " + component : line)
                .toList();
        Files.write(pids, lines);
    }

    private long pidOf(String component) {
        try {
            return Files.readAllLines(directory.resolve("run/pids")).stream()
                    .map(line -> line.split(" "))
                    .filter(parts -> parts.length == 2 && parts[1].equals(component))
                    .mapToLong(parts -> Long.parseLong(parts[0]))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No " + component + " in " + directory));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void signal(String signal, long pid) {
        try {
            int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .inheritIO()
                    .start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Creates a namespace with a unique name for one test. */
    public String newNamespace(String prefix) {
        String name = prefix + "-" + ProcessHandle.current().pid() % 10000 + "-" + NAMESPACES.incrementAndGet();
        admin.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .create();
        // The controller-manager creates the default service account that admission needs for pods.
        admin.serviceAccounts()
                .inNamespace(name)
                .withName("default")
                .waitUntilCondition(sa -> sa != null, Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
        return name;
    }

    private Config config() {
        try {
            Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
            config.setRequestTimeout(30_000);
            return config;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The checkout's root (the folder with e2e/), whatever folder the tests run in. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("e2e/cluster"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "e2e/cluster not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
