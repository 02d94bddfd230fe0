package dev.gpuportal.access;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** What the route benchmarks share: the model server they call, timing, percentiles and the heap while downloading. */
final class RouteBenchmarks {

    static final int CALLS = 500;
    static final long DOWNLOAD_BYTES = 200L << 20;

    private RouteBenchmarks() {}

    /** A model server: {@code /small} answers a few bytes, {@code /big} 200 MB. */
    static HttpServer modelServer(InetAddress address, int port) throws IOException {
        HttpServer model = HttpServer.create(new InetSocketAddress(address, port), 64);
        model.setExecutor(Executors.newFixedThreadPool(4));
        byte[] small = "{\"ok\":true}".getBytes();
        model.createContext("/small", exchange -> {
            exchange.sendResponseHeaders(200, small.length);
            exchange.getResponseBody().write(small);
            exchange.close();
        });
        model.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, DOWNLOAD_BYTES);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent < DOWNLOAD_BYTES; sent += chunk.length) {
                    out.write(chunk);
                }
            }
        });
        model.start();
        return model;
    }

    interface Call {
        Object run() throws Exception;
    }

    static long[] time(Call call) throws Exception {
        for (int i = 0; i < 50; i++) {
            call.run(); // warm-up
        }
        long[] ns = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long start = System.nanoTime();
            call.run();
            ns[i] = System.nanoTime() - start;
        }
        Arrays.sort(ns);
        return ns;
    }

    static double percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static void report(String what, long[] ns) {
        System.out.printf(
                "BENCHMARK latency %s: p50 %.2f ms, p99 %.2f ms (%d calls)%n",
                what, percentile(ns, 50) / 1e6, percentile(ns, 99) / 1e6, ns.length);
    }

    static void reportAdded(String what, long[] route, long[] baseline) {
        System.out.printf(
                "BENCHMARK %s: p50 %.2f ms, p99 %.2f ms%n",
                what,
                (percentile(route, 50) - percentile(baseline, 50)) / 1e6,
                (percentile(route, 99) - percentile(baseline, 99)) / 1e6);
    }

    interface Body {
        InputStream open() throws Exception;
    }

    static double download(String what, HttpClient http, HttpRequest.Builder request) throws Exception {
        return download(
                what,
                () -> http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                        .body());
    }

    /** Heap still in use after the last collection of each pool: what is kept, not the garbage made on the way. */
    static long liveHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null)
                .mapToLong(p -> p.getCollectionUsage().getUsed())
                .sum();
    }

    /** Reads a whole body as a client does; returns MB/s, and prints them with the live heap's largest rise. */
    static double download(String what, Body body) throws Exception {
        System.gc();
        long baseline = liveHeap();
        AtomicLong peak = new AtomicLong(baseline);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(liveHeap(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long start = System.nanoTime();
        long total = 0;
        try (InputStream in = body.open()) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        double rate = (total >> 20) / seconds;
        System.out.printf(
                "BENCHMARK download %s: %d MB in %.2f s = %.0f MB/s; live heap after GCs rose at most %d MB over"
                        + " %d MB (same JVM: portal and client)%n",
                what, total >> 20, seconds, rate, (peak.get() - baseline) >> 20, baseline >> 20);
        return rate;
    }
}
