package dev.gpuportal.access;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * What the route benchmarks share: the model server they call, timing, percentiles and the heap while downloading.
 * The ways compared are measured in turn (one call or download of each, then the next round), after a warm-up of
 * each, so that the JIT and the load of a shared machine weigh on all of them alike; ratios are medians of the
 * rounds' ratios.
 */
final class RouteBenchmarks {

    // Enough calls for the JIT to finish with the route: after 500 on a slower 2-vCPU machine it still ran in the
    // first tiers, and the added p50 read 2.4-3.0 ms instead of 0.6 ms. -Dgpu-portal.benchmark.warm-up-calls=N
    static final int WARM_UP_CALLS = Integer.getInteger("gpu-portal.benchmark.warm-up-calls", 10_000);
    static final int CALLS = 2000;
    // Nine rounds by default: on a shared machine single rounds vary by a factor of five; more with
    // -Dgpu-portal.benchmark.download-rounds=N (e.g. to profile the downloads with JFR meanwhile).
    static final int DOWNLOAD_ROUNDS = Integer.getInteger("gpu-portal.benchmark.download-rounds", 9);
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

    /** The load average of the machine, printed with the figures (other people's builds share its cores). */
    static void reportLoad(String when) {
        System.out.printf(
                "BENCHMARK load average %s: %.2f on %d cores%n",
                when,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    /** Times each way {@link #CALLS} times, one call of each in turn, after {@link #WARM_UP_CALLS} of each. */
    static long[][] timeInTurn(Call... ways) throws Exception {
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            for (Call way : ways) {
                way.run();
            }
        }
        long[][] ns = new long[ways.length][CALLS];
        for (int i = 0; i < CALLS; i++) {
            for (int w = 0; w < ways.length; w++) {
                long start = System.nanoTime();
                ways[w].run();
                ns[w][i] = System.nanoTime() - start;
            }
        }
        for (long[] way : ns) {
            Arrays.sort(way);
        }
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

    /** Reads one whole answer and returns its length in bytes. */
    interface Transfer {
        long run() throws Exception;
    }

    /** One way to download the 200 MB. */
    record Download(String what, Transfer transfer) {
        static Download of(String what, HttpClient http, HttpRequest.Builder request) {
            return new Download(
                    what,
                    () -> drain(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                            .body()));
        }

        /**
         * The same download by curl, a program of its own as a user's would be: its time includes starting curl
         * (a few milliseconds); the bytes go to /dev/null.
         */
        static Download curl(String what, URI uri, String... headers) {
            return new Download(what, () -> {
                List<String> command =
                        new ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{size_download}"));
                for (String header : headers) {
                    command.add("-H");
                    command.add(header);
                }
                command.add(uri.toString());
                Process curl =
                        new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(curl.getInputStream().readAllBytes()).trim();
                if (curl.waitFor() != 0) {
                    throw new IOException("curl failed: " + out);
                }
                return Long.parseLong(out);
            });
        }
    }

    /** Reads a stream to its end as a client does (64 kB at a time); returns its length. */
    static long drain(InputStream body) throws IOException {
        long total = 0;
        try (InputStream in = body) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
            }
        }
        return total;
    }

    /** Heap still in use after the last collection of each pool: what is kept, not the garbage made on the way. */
    static long liveHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null)
                .mapToLong(p -> p.getCollectionUsage().getUsed())
                .sum();
    }

    /**
     * Downloads each way once to warm up, then {@link #DOWNLOAD_ROUNDS} times in turn; prints each way's median MB/s
     * and the live heap's largest rise meanwhile. Returns the MB/s of each round (index: round, then way).
     */
    static double[][] downloadInTurn(Download... ways) throws Exception {
        for (Download way : ways) {
            read(way.transfer());
        }
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
        double[][] rates = new double[DOWNLOAD_ROUNDS][ways.length];
        double[][] cpu = new double[DOWNLOAD_ROUNDS][ways.length];
        List<Map<String, Long>> cpuByThreads = new ArrayList<>();
        for (int w = 0; w < ways.length; w++) {
            cpuByThreads.add(new TreeMap<>());
        }
        try {
            for (int round = 0; round < DOWNLOAD_ROUNDS; round++) {
                for (int w = 0; w < ways.length; w++) {
                    Map<Long, Long> threadsBefore = threadCpuNanos();
                    long cpuBefore = processCpuNanos();
                    rates[round][w] = read(ways[w].transfer());
                    cpu[round][w] = (processCpuNanos() - cpuBefore) / 1e6;
                    addThreadCpu(threadsBefore, cpuByThreads.get(w));
                }
            }
        } finally {
            sampler.interrupt();
        }
        for (int w = 0; w < ways.length; w++) {
            int way = w;
            double[] of = Arrays.stream(rates).mapToDouble(r -> r[way]).toArray();
            double[] cpuOf = Arrays.stream(cpu).mapToDouble(r -> r[way]).toArray();
            System.out.printf(
                    "BENCHMARK download %s: %d MB, median %.0f MB/s (%s), median CPU time of the JVM %.0f ms (%s)%n",
                    ways[w].what(),
                    DOWNLOAD_BYTES >> 20,
                    median(of),
                    Arrays.toString(rounded(of)),
                    median(cpuOf),
                    Arrays.toString(rounded(cpuOf)));
            System.out.printf(
                    "BENCHMARK download %s: CPU ms per download by thread (mean): %s%n",
                    ways[w].what(), busiest(cpuByThreads.get(w), DOWNLOAD_ROUNDS));
        }
        System.out.printf(
                "BENCHMARK download: live heap after GCs rose at most %d MB over %d MB during %d rounds (same JVM:"
                        + " portal and client)%n",
                (peak.get() - baseline) >> 20, baseline >> 20, DOWNLOAD_ROUNDS);
        return rates;
    }

    /** The median over the rounds of way {@code a}'s rate over way {@code b}'s. */
    static double medianRatio(double[][] rates, int a, int b) {
        return median(Arrays.stream(rates).mapToDouble(r -> r[a] / r[b]).toArray());
    }

    /**
     * Way {@code a}'s best round over way {@code b}'s best: on a machine others load, the fastest round of each is the
     * one least slowed by them.
     */
    static double bestRatio(double[][] rates, int a, int b) {
        return Arrays.stream(rates).mapToDouble(r -> r[a]).max().orElseThrow()
                / Arrays.stream(rates).mapToDouble(r -> r[b]).max().orElseThrow();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static long[] rounded(double[] values) {
        return Arrays.stream(values).mapToLong(Math::round).toArray();
    }

    /**
     * CPU time of the whole JVM (client, portal and model server): printed beside the rates, with the share of each
     * kind of thread, to show which part of a way spends it.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Map<Long, Long> threadCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            cpu.put(id, threads.getThreadCpuTime(id));
        }
        return cpu;
    }

    /** Adds each thread's CPU time since {@code before} to its kind's (its name without numbers) total. */
    private static void addThreadCpu(Map<Long, Long> before, Map<String, Long> byKind) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long now = threads.getThreadCpuTime(info.getThreadId());
            long spent = now - before.getOrDefault(info.getThreadId(), 0L);
            if (now > 0 && spent > 0) {
                byKind.merge(info.getThreadName().replaceAll("\\d+", "N"), spent, Long::sum);
            }
        }
    }

    /** The kinds of thread that spent most, as "name ms". */
    private static String busiest(Map<String, Long> byKind, int downloads) {
        return byKind.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(6)
                .map(e -> e.getKey() + " " + Math.round(e.getValue() / 1e6 / downloads))
                .collect(Collectors.joining(", "));
    }

    /** Times one transfer; returns MB/s. */
    private static double read(Transfer transfer) throws Exception {
        long start = System.nanoTime();
        long total = transfer.run();
        if (total != DOWNLOAD_BYTES) {
            throw new IOException("Read " + total + " bytes of " + DOWNLOAD_BYTES);
        }
        return (total >> 20) / ((System.nanoTime() - start) / 1e9);
    }
}
