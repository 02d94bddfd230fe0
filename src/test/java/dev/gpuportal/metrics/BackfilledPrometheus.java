package dev.gpuportal.metrics;

import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's) over an hour of DCGM-exporter series for the notebooks {@code nb-0} … of a namespace,
 * written as OpenMetrics and loaded with {@code promtool tsdb create-blocks-from openmetrics}: the figures of a
 * page that reads a long history without waiting an hour for a scrape. Notebook pods at 40 % compute and 6 GB.
 * Started on first use; {@link #close} stops it.
 */
final class BackfilledPrometheus implements AutoCloseable {

    private final String namespace;
    private final int notebooks;
    private Process process;
    private Path directory;
    private String url;

    BackfilledPrometheus(String namespace, int notebooks) {
        this.namespace = namespace;
        this.notebooks = notebooks;
    }

    synchronized String url() {
        if (url == null) {
            start();
        }
        return url;
    }

    private void start() {
        try {
            directory = Files.createTempDirectory("gpu-portal-prometheus");
            Path samples = directory.resolve("dcgm.om");
            long end = Instant.now().getEpochSecond();
            try (Writer out = Files.newBufferedWriter(samples)) {
                write(out, "DCGM_FI_PROF_GR_ENGINE_ACTIVE", "0.4", end);
                write(out, "DCGM_FI_DEV_FB_USED", Long.toString(6_000_000_000L / (1024 * 1024)), end);
                out.write("# EOF\n");
            }
            Path data = directory.resolve("data");
            run("promtool", "tsdb", "create-blocks-from", "openmetrics", samples.toString(), data.toString());
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Path config = directory.resolve("prometheus.yml");
            Files.writeString(config, "global: {scrape_interval: 15s}\n");
            process = new ProcessBuilder(
                            "prometheus",
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + data,
                            "--storage.tsdb.retention.time=8d",
                            "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("prometheus.log").toFile())
                    .start();
            url = "http://127.0.0.1:" + port;
            awaitReady();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start Prometheus (apt-get install prometheus)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void write(Writer out, String metric, String value, long end) throws IOException {
        out.write("# TYPE " + metric + " gauge\n");
        for (int i = 0; i < notebooks; i++) {
            String labels = "{gpu=\"" + i / 7 + "\",GPU_I_PROFILE=\"1g.10gb\",GPU_I_ID=\"" + i % 7
                    + "\",modelName=\"NVIDIA H100 80GB HBM3\",Hostname=\"kwok-h100-mig-" + i / 56
                    + "\",container=\"notebook\","
                    + "namespace=\"" + namespace + "\",pod=\"nb-" + i + "-0\"}";
            for (long at = end - 3600; at <= end; at += 15) {
                out.write(metric + labels + " " + value + " " + at + "\n");
            }
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int i = 0; i < 300; i++) {
                try {
                    var ready = http.send(
                            HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (ready.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // starting
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("Prometheus did not come up: " + directory.resolve("prometheus.log"));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
