package dev.gpuportal.testsupport.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waits before a measured phase until what the machine was busy with has died down: until its busy share over ten
 * seconds is low, or no longer falling. Two phases compared side by side then start from a like background, not one
 * in the wake of a previous phase's pods being scheduled and started and the other after it.
 */
public final class MachineSettling {

    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final double QUIET = 0.3;
    private static final double STILL_FALLING = 0.03;

    /** How busy the machine's cores were over the last window when the wait ended, and how long it took. */
    public record Settled(double busyShare, Duration waited) {
        @Override
        public String toString() {
            return String.format(
                    "machine %.0f %% busy over the 10 s before (waited %d s for it to settle)",
                    100 * busyShare, waited.toSeconds());
        }
    }

    private MachineSettling() {}

    public static Settled await(Duration atMost) throws InterruptedException {
        long start = System.nanoTime();
        double previous = Double.MAX_VALUE;
        while (true) {
            double share = busyShareOver(WINDOW);
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            if (share <= QUIET || previous - share < STILL_FALLING || waited.compareTo(atMost) >= 0) {
                return new Settled(share, waited);
            }
            previous = share;
        }
    }

    private static double busyShareOver(Duration window) throws InterruptedException {
        long[] before = cpuTicks();
        Thread.sleep(window);
        long[] after = cpuTicks();
        long total = after[0] - before[0];
        return total <= 0 ? 0 : (double) (after[1] - before[1]) / total;
    }

    /** [all ticks, busy ticks] of every core, from the first line of /proc/stat (idle and iowait are not busy). */
    private static long[] cpuTicks() {
        try {
            String[] cpu =
                    Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long all = 0;
            long busy = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                long ticks = Long.parseLong(cpu[i]);
                all += ticks;
                if (i != 4 && i != 5) {
                    busy += ticks;
                }
            }
            return new long[] {all, busy};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
