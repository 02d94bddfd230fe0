package dev.gpuportal.testsupport.kubernetes;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How fast the machine's cores are at the moment: the CPU time one fixed computation takes, every two seconds while
 * it runs. On a shared host the same work can take more CPU time at one moment than at another (the host's other
 * guests share caches and cores, which the guest's own accounting does not show as steal): a benchmark that compares
 * two phases prints this beside them, so a phase that ran on slower cores is told apart from one that did more work.
 */
public final class CpuSpeedProbe implements AutoCloseable {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cpu-speed-probe");
        t.setDaemon(true);
        return t;
    });
    private final List<Double> millis = new ArrayList<>();

    private CpuSpeedProbe() {}

    /** Starts probing until {@link #close()}. */
    public static CpuSpeedProbe start() {
        CpuSpeedProbe probe = new CpuSpeedProbe();
        probe.timer.scheduleWithFixedDelay(probe::measure, 0, 2, TimeUnit.SECONDS);
        return probe;
    }

    /** The CPU milliseconds of one run of the computation, measured once now (e.g. before the cluster starts). */
    public static double once() {
        work(); // compiled before it is measured
        long before = THREADS.getCurrentThreadCpuTime();
        work();
        return (THREADS.getCurrentThreadCpuTime() - before) / 1e6;
    }

    private void measure() {
        double ms = once();
        synchronized (millis) {
            millis.add(ms);
        }
    }

    /**
     * Stops probing and says how the probes compare with {@code quietMillis} ({@link #once()} on the quiet machine):
     * "CPU per probe: median 31.0 ms (1.42 × the 21.8 ms at the start), 12 probes".
     */
    public String against(double quietMillis) {
        close();
        List<Double> sorted;
        synchronized (millis) {
            sorted = millis.stream().sorted().toList();
        }
        if (sorted.isEmpty()) {
            return "no probe";
        }
        double median = sorted.get(sorted.size() / 2);
        return String.format(
                "CPU per probe: median %.1f ms (%.2f × the %.1f ms at the start), %d probes",
                median, median / quietMillis, quietMillis, sorted.size());
    }

    /** A fixed amount of integer work that fits in the cores' caches. */
    private static long work() {
        long x = 88172645463325252L;
        long sum = 0;
        for (int i = 0; i < 20_000_000; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            sum += x & 0xff;
        }
        return sum;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
