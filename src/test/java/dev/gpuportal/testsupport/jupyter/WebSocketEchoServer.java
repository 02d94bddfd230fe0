package dev.gpuportal.testsupport.jupyter;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * A small real model server with a WebSocket (src/test/resources/websocket-echo.py, run by the tornado of the tests'
 * Jupyter environment): HTTP answers "ok", {@code /echo} sends every message back as it came.
 */
public final class WebSocketEchoServer implements AutoCloseable {

    private final Process process;
    private final int port;

    private WebSocketEchoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts on the address given and a free port (or the port given, if not 0). */
    public static WebSocketEchoServer start(InetAddress address, int port) throws Exception {
        Path python = JupyterServer.install().resolveSibling("python3");
        Path script = Files.createTempFile("websocket-echo", ".py");
        try (InputStream in = WebSocketEchoServer.class.getResourceAsStream("/websocket-echo.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        int chosen = port != 0 ? port : freePort();
        Path log = Files.createTempFile("websocket-echo", ".log");
        Process process = new ProcessBuilder(
                        python.toString(), script.toString(), address.getHostAddress(), Integer.toString(chosen))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains("listening")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("websocket-echo.py did not start: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return new WebSocketEchoServer(process, chosen);
    }

    public int port() {
        return port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
