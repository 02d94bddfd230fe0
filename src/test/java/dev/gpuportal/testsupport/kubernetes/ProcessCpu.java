package dev.gpuportal.testsupport.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time spent by the simulated cluster's processes and by this JVM (the portal and the benchmark's clients), read
 * from {@code /proc}: a benchmark takes a reading before and after a phase and prints where the machine's CPU went,
 * so that "the portal is slower" can be told apart from "the API server had less of the machine".
 */
public final class ProcessCpu {

    /** Process names as {@code /proc/PID/stat} gives them (at most 15 characters). */
    private static final List<String> CLUSTER =
            List.of("etcd", "kube-apiserver", "kube-controller", "kube-scheduler", "kwok", "kueue", "prometheus");

    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    /** CPU seconds so far, by process name; "this JVM"; "machine" is every CPU's busy time (not idle, not iowait). */
    public record Reading(Map<String, Double> seconds) {

        /** "kube-apiserver 41.2 s (38 %), …" : what each spent between {@code earlier} and this reading. */
        public String since(Reading earlier) {
            double machine = seconds.getOrDefault("machine", 0.0) - earlier.seconds.getOrDefault("machine", 0.0);
            StringBuilder out = new StringBuilder();
            double named = 0;
            for (var e : seconds.entrySet()) {
                if (e.getKey().equals("machine") || e.getKey().startsWith(JVM_PART)) {
                    continue;
                }
                double spent = e.getValue() - earlier.seconds.getOrDefault(e.getKey(), 0.0);
                named += spent;
                out.append(String.format("%s %.1f s (%.0f %%), ", e.getKey(), spent, share(spent, machine)));
            }
            double rest = machine - named;
            out.append(String.format(
                    "other processes %.1f s (%.0f %%); machine busy %.1f s", rest, share(rest, machine), machine));
            String parts = seconds.keySet().stream()
                    .filter(k -> k.startsWith(JVM_PART))
                    .map(k -> String.format(
                            "%s %.1f s",
                            k.substring(JVM_PART.length()), seconds.get(k) - earlier.seconds.getOrDefault(k, 0.0)))
                    .collect(java.util.stream.Collectors.joining(", "));
            return parts.isEmpty()
                    ? out.toString()
                    : out.append("; of this JVM: ").append(parts).toString();
        }

        private static double share(double part, double whole) {
            return whole <= 0 ? 0 : 100 * part / whole;
        }
    }

    private static final String JVM_PART = "this JVM: ";

    private ProcessCpu() {}

    public static Reading read() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        CLUSTER.forEach(name -> seconds.put(name, 0.0));
        long self = ProcessHandle.current().pid();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes
                    .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(p -> {
                        String[] stat = stat(p);
                        if (stat == null) {
                            return;
                        }
                        String name = Long.parseLong(p.getFileName().toString()) == self ? "this JVM" : stat[0];
                        if (name.equals("this JVM") || CLUSTER.contains(name)) {
                            seconds.merge(name, cpuSeconds(stat), Double::sum);
                        }
                    });
        } catch (IOException e) {
            return new Reading(Map.of());
        }
        jvmThreads(seconds);
        seconds.put("machine", machineBusySeconds());
        seconds.values().removeIf(v -> v == 0.0);
        return new Reading(seconds);
    }

    /** [name, the fields after it]: the name may hold spaces and parentheses, so it is cut at the last ')'. */
    private static String[] stat(Path process) {
        try {
            String line = Files.readString(process.resolve("stat"));
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            String[] rest = line.substring(close + 2).split(" ");
            String[] out = new String[rest.length + 1];
            out[0] = line.substring(open + 1, close);
            System.arraycopy(rest, 0, out, 1, rest.length);
            return out;
        } catch (IOException | RuntimeException gone) {
            return null; // the process ended while being read
        }
    }

    /**
     * This JVM's garbage collector and JIT compiler threads apart, by their names (G1's "GC Thread#0", "G1 Conc#0",
     * "G1 Refine#0", …; "C2 CompilerThre…", "C1 CompilerThre…"): how much of the JVM's time was its own upkeep.
     */
    private static void jvmThreads(Map<String, Double> seconds) {
        try (Stream<Path> threads = Files.list(Path.of("/proc/self/task"))) {
            threads.forEach(t -> {
                String[] stat = stat(t);
                if (stat == null) {
                    return;
                }
                String name = stat[0];
                if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                    seconds.merge(JVM_PART + "garbage collector", cpuSeconds(stat), Double::sum);
                } else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    seconds.merge(JVM_PART + "JIT compilers", cpuSeconds(stat), Double::sum);
                }
            });
        } catch (IOException e) {
            // no breakdown
        }
    }

    /** utime + stime of the process itself: fields 14 and 15 of stat, the 12th and 13th after the name. */
    private static double cpuSeconds(String[] stat) {
        return (Long.parseLong(stat[12]) + Long.parseLong(stat[13])) / TICKS_PER_SECOND;
    }

    private static double machineBusySeconds() {
        try {
            String[] cpu =
                    Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle and iowait
                    busy += Long.parseLong(cpu[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
