package dev.gpuportal.testsupport.jupyter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Jupyter server ({@code jupyter-server} and {@code ipykernel} from PyPI) for tests, installed once into a
 * virtual environment under {@code ~/.cache/gpu-portal/jupyter} and started like a notebook's container: with the
 * token and the arguments the portal gives the container.
 */
public final class JupyterServer implements AutoCloseable {

    public static final Path HOME = Path.of(System.getProperty("user.home"), ".cache", "gpu-portal", "jupyter");
    private static final Path VENV = HOME.resolve("venv");

    private final Process process;
    private final URI root;

    private JupyterServer(Process process, URI root) {
        this.process = process;
        this.root = root;
    }

    /** Installs jupyter-server and ipykernel unless the cached environment has them (what .ci/run does too). */
    public static synchronized Path install() throws IOException, InterruptedException {
        Path python = VENV.resolve("bin/python3");
        if (Files.isExecutable(python) && run(List.of(python.toString(), "-c", "import ipykernel, jupyter_server"))) {
            return VENV.resolve("bin/jupyter-server");
        }
        Files.createDirectories(HOME);
        if (!Files.isExecutable(python) && !run(List.of("python3", "-m", "venv", VENV.toString()))) {
            throw new IllegalStateException("python3 -m venv failed: is python3 (with venv) installed?");
        }
        if (!run(List.of(python.toString(), "-m", "pip", "install", "-q", "jupyter-server", "ipykernel"))) {
            throw new IllegalStateException("pip install jupyter-server ipykernel failed; see the output above");
        }
        return VENV.resolve("bin/jupyter-server");
    }

    private static boolean run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        return p.waitFor(15, TimeUnit.MINUTES) && p.exitValue() == 0;
    }

    /** Starts a server on the address and port given, with the container's token and arguments; waits until ready. */
    public static JupyterServer start(
            InetAddress address, int port, String token, List<String> notebookArgs, String baseUrl)
            throws IOException, InterruptedException {
        Path jupyter = install();
        Path root = Files.createTempDirectory("jupyter-root");
        List<String> command = new java.util.ArrayList<>(List.of(
                jupyter.toString(),
                "--no-browser",
                "--allow-root",
                "--ServerApp.ip=" + address.getHostAddress(),
                "--ServerApp.port=" + port,
                "--ServerApp.port_retries=0",
                "--ServerApp.root_dir=" + root));
        command.addAll(notebookArgs);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(root.resolveSibling(root.getFileName() + ".log").toFile());
        builder.environment().put("JUPYTER_TOKEN", token);
        builder.environment().put("PATH", VENV.resolve("bin") + ":" + System.getenv("PATH"));
        Process process = builder.start();
        URI base = URI.create("http://" + address.getHostAddress() + ":" + port + baseUrl);
        JupyterServer server = new JupyterServer(process, base);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "jupyter-server exited: " + Files.readString(root.resolveSibling(root.getFileName() + ".log")));
            }
            try {
                HttpResponse<Void> status = http.send(
                        HttpRequest.newBuilder(base.resolve("api/status?token=" + token))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (status.statusCode() == 200) {
                    return server;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        server.close();
        throw new IllegalStateException("jupyter-server did not answer within 60 s at " + base);
    }

    public URI root() {
        return root;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
