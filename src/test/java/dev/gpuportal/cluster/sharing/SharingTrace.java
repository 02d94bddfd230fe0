package dev.gpuportal.cluster.sharing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A generated arrival trace of training jobs over several tenants, the same for a given seed: each tenant is busy in
 * its own part of the window (one early, one late, one all along at a low rate, one in bursts in the middle), with
 * 1-, 2- and 4-GPU jobs of 15 to 45 s. Time-compressed: a second of the replay stands for a minute.
 */
record SharingTrace(List<Arrival> arrivals) {

    /** One job of the trace: when it arrives (seconds from the start), its tenant, GPUs and run time. */
    record Arrival(String name, String tenant, double atSeconds, int gpus, int runSeconds) {}

    /** How busy one tenant is: {@code jobs} arriving evenly at random between {@code from} and {@code to}. */
    record Load(String tenant, int jobs, double from, double to) {}

    static SharingTrace generate(long seed, List<Load> loads) {
        Random random = new Random(seed);
        List<Arrival> arrivals = new ArrayList<>();
        for (Load load : loads) {
            for (int i = 0; i < load.jobs(); i++) {
                double at = load.from() + random.nextDouble() * (load.to() - load.from());
                double size = random.nextDouble();
                int gpus = size < 0.5 ? 1 : size < 0.8 ? 2 : 4;
                int run = 15 + random.nextInt(31);
                arrivals.add(new Arrival(load.tenant() + "-" + (i + 1), load.tenant(), at, gpus, run));
            }
        }
        arrivals.sort(Comparator.comparingDouble(Arrival::atSeconds));
        return new SharingTrace(List.copyOf(arrivals));
    }

    /**
     * The same trace less time-compressed: arrivals and run times {@code factor} times as long. Each hand-over of GPUs
     * from one job to the next costs the control plane about the same seconds at any compression, so the less
     * compressed the trace, the smaller their share of the run time.
     */
    SharingTrace stretched(double factor) {
        return new SharingTrace(arrivals.stream()
                .map(a -> new Arrival(a.name(), a.tenant(), a.atSeconds() * factor, a.gpus(), (int)
                        Math.round(a.runSeconds() * factor)))
                .toList());
    }

    /** GPU-seconds the trace asks for. */
    long gpuSeconds() {
        return arrivals.stream()
                .mapToLong(a -> (long) a.gpus() * a.runSeconds())
                .sum();
    }
}
