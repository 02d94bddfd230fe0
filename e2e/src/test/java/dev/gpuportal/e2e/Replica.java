package dev.gpuportal.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One portal process from the production jar ({@code java -jar}) on a free port with its own log: started, killed
 * with SIGKILL (no shutdown hook runs, nothing is released) and started again on the same port.
 */
final class Replica implements AutoCloseable {

    static final Path JAR = Stack.REPO.resolve("target/gpu-portal-0.1.0-SNAPSHOT.jar");

    final String name;
    final int port;
    private final Path log;
    private final Map<String, String> env;
    private final List<String> args;
    private Process process;
    private int starts;

    private Replica(String name, Path work, Map<String, String> env, List<String> args) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("Build the production jar first: ./mvnw -Pproduction package -DskipTests");
        }
        this.name = name;
        this.port = freePort();
        this.log = work.resolve(name + ".log");
        this.env = env;
        this.args = args;
    }

    /** Starts the jar with {@code env} and {@code args} (Spring's --name=value); {@link #awaitReady} waits for it. */
    static Replica start(String name, Path work, Map<String, String> env, List<String> args) throws IOException {
        Replica replica = new Replica(name, work, env, args);
        replica.start();
        return replica;
    }

    synchronized void start() throws IOException {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + "/bin/java", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar",
                JAR.toString(), "--server.port=" + port, "--spring.main.banner-mode=off"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("HOSTNAME", name + "-" + ++starts);
        builder.environment().put("VAADIN_USAGE_STATS_ENABLED", "false");
        process = builder.start();
    }

    /** Waits until the readiness probe answers 200; fails at once when the process exits. */
    void awaitReady(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; log " + log + ":\n" + tail());
            }
            try {
                var response = Stack.HTTP.send(
                        HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " not ready after " + limit.toSeconds() + " s; log " + log);
    }

    /** SIGKILL, as the kernel's OOM killer or a lost node would: no shutdown hook, the lease is not released. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** The name this process holds the leader lease under (its HOSTNAME plus a random suffix). */
    String leaseHolderPrefix() {
        return name + "-" + starts + "-";
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
