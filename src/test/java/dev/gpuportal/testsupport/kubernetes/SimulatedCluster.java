package dev.gpuportal.testsupport.kubernetes;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real simulated cluster (etcd, kube-apiserver, controller-manager, scheduler, KWOK GPU nodes) started once per
 * test JVM with {@code e2e/cluster/up.sh} and stopped with {@code down.sh} when the JVM exits. The binaries are
 * built from source on first use (see e2e/cluster/build.sh), so the first run on a fresh machine takes minutes.
 */
public final class SimulatedCluster {

    private static SimulatedCluster shared;
    private static SimulatedCluster withKueue;
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private final Path directory;
    private final Path kubeconfig;
    private final KubernetesClient admin;

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
            ProcessBuilder builder = new ProcessBuilder(
                            "bash", repo.resolve("e2e/cluster/up.sh").toString(), dir.toString())
                    .redirectError(log.toFile());
            if (kueue) {
                builder.environment().put("GPU_PORTAL_KUEUE", "1");
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

    /** A client with cluster-admin rights (the cluster's system:masters certificate). */
    public KubernetesClient admin() {
        return admin;
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
