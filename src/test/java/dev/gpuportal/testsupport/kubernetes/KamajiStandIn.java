package dev.gpuportal.testsupport.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The test harness playing Kamaji's operator ({@code e2e/cluster/kamaji-standin.sh}) on the shared simulated
 * cluster: it installs the TenantControlPlane CRD and starts a second real control plane for every
 * TenantControlPlane. One per test JVM, stopped (with every control plane it started) when the JVM exits.
 */
public final class KamajiStandIn {

    private static KamajiStandIn shared;

    private final Process process;
    private final Path log;

    private KamajiStandIn(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static synchronized KamajiStandIn on(SimulatedCluster host) {
        if (shared == null) {
            shared = start(host);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "kamaji-standin-down"));
        }
        return shared;
    }

    private static KamajiStandIn start(SimulatedCluster host) {
        try {
            Path state = Files.createTempDirectory("gpu-portal-kamaji-standin");
            Path log = state.resolveSibling(state.getFileName() + ".log");
            Process process = new ProcessBuilder(
                            "bash",
                            SimulatedCluster.repositoryRoot()
                                    .resolve("e2e/cluster/kamaji-standin.sh")
                                    .toString(),
                            host.kubeconfig().toString(),
                            state.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            var crd = host.admin()
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName("tenantcontrolplanes.kamaji.clastix.io");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (crd.get() == null
                    || crd.get().getStatus() == null
                    || crd.get().getStatus().getConditions().stream()
                            .noneMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()))) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "kamaji-standin.sh did not install its CRD:\n" + Files.readString(log));
                }
                Thread.sleep(100);
            }
            return new KamajiStandIn(process, log);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the Kamaji stand-in", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the stand-in has done so far, for failure messages. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private void stop() {
        process.destroy(); // TERM: the stand-in stops every control plane it started
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
