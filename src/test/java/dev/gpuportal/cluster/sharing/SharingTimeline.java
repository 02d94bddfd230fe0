package dev.gpuportal.cluster.sharing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the cluster held during one replay of a {@link SharingTrace}, from the moments the benchmark's watches saw each
 * change (milliseconds since the replay started): when each job was submitted, each span in which Kueue held its
 * workload admitted, each span in which one of its pods was bound to a node, and when its pod succeeded. From those it
 * works out, at {@link #STEP_MS} resolution, the GPU allocation, where the idle GPUs went while work waited, and how
 * long each job waited for admission. Thread-safe for the recording; the figures are read after the replay.
 */
final class SharingTimeline {

    static final long STEP_MS = 10;

    /** One job of the replay and what happened to it. */
    static final class JobSpans {
        final String tenant;
        final int gpus;
        final long submittedAt;
        /** [admittedAt, releasedAt) spans; releasedAt is Long.MAX_VALUE while still admitted. */
        final List<long[]> admitted = new ArrayList<>();
        /** [boundAt, endedAt) per pod, by pod uid. */
        final Map<String, long[]> pods = new LinkedHashMap<>();
        /** The node each pod was bound to, by pod uid. */
        final Map<String, String> nodes = new LinkedHashMap<>();

        volatile long succeededAt;

        JobSpans(String tenant, int gpus, long submittedAt) {
            this.tenant = tenant;
            this.gpus = gpus;
            this.submittedAt = submittedAt;
        }

        synchronized boolean admittedAt(long t) {
            return admitted.stream().anyMatch(s -> s[0] <= t && t < s[1]);
        }

        synchronized boolean boundAt(long t) {
            return pods.values().stream().anyMatch(s -> s[0] <= t && t < s[1]);
        }

        /** The node of its pod bound at {@code t}, or null. */
        synchronized String nodeAt(long t) {
            for (Map.Entry<String, long[]> pod : pods.entrySet()) {
                if (pod.getValue()[0] <= t && t < pod.getValue()[1]) {
                    return nodes.get(pod.getKey());
                }
            }
            return null;
        }

        /** Admitted at {@code t} and a pod of this admission already ran and ended (finished or evicted). */
        synchronized boolean heldAfterItsPodEnded(long t) {
            for (long[] span : admitted) {
                if (span[0] <= t && t < span[1]) {
                    return pods.values().stream().anyMatch(p -> p[0] >= span[0] && p[1] <= t);
                }
            }
            return false;
        }

        boolean outstandingAt(long t) {
            return submittedAt <= t && (succeededAt == 0 || t < succeededAt);
        }

        synchronized long firstAdmittedAt() {
            return admitted.isEmpty() ? 0 : admitted.getFirst()[0];
        }

        synchronized int evictions() {
            return Math.max(0, admitted.size() - 1);
        }
    }

    private final Map<String, JobSpans> jobs = new ConcurrentHashMap<>();

    void submitted(String job, String tenant, int gpus, long at) {
        jobs.put(job, new JobSpans(tenant, gpus, at));
    }

    /** Kueue's Workload of {@code job} as a watch saw it at {@code at}: admitted (and not finished) or not. */
    void workload(String job, boolean admitted, long at) {
        JobSpans spans = jobs.get(job);
        if (spans == null) {
            return;
        }
        synchronized (spans) {
            long[] open = spans.admitted.isEmpty() || spans.admitted.getLast()[1] != Long.MAX_VALUE
                    ? null
                    : spans.admitted.getLast();
            if (admitted && open == null) {
                spans.admitted.add(new long[] {at, Long.MAX_VALUE});
            } else if (!admitted && open != null) {
                open[1] = at;
            }
        }
    }

    /** A pod of {@code job} as a watch saw it: bound to a node or not, ended (gone, going or terminal), succeeded. */
    void pod(String job, String uid, boolean bound, boolean ended, boolean succeeded, long at) {
        pod(job, uid, null, bound, ended, succeeded, at);
    }

    /** The same, with the node the pod is bound to (null: not bound or not known). */
    void pod(String job, String uid, String node, boolean bound, boolean ended, boolean succeeded, long at) {
        JobSpans spans = jobs.get(job);
        if (spans == null) {
            return;
        }
        synchronized (spans) {
            long[] span = spans.pods.get(uid);
            if (bound && span == null && !ended) {
                spans.pods.put(uid, new long[] {at, Long.MAX_VALUE});
                if (node != null) {
                    spans.nodes.put(uid, node);
                }
            } else if (ended && span != null && span[1] == Long.MAX_VALUE) {
                span[1] = at;
            }
            if (succeeded && spans.succeededAt == 0) {
                spans.succeededAt = at;
            }
        }
    }

    boolean allSucceeded() {
        return !jobs.isEmpty() && jobs.values().stream().allMatch(j -> j.succeededAt > 0);
    }

    Map<String, JobSpans> jobs() {
        return jobs;
    }

    /**
     * Where the GPUs went while work waited, as fractions of the capacity averaged over the time under load.
     *
     * @param underLoadSeconds time in which the unfinished jobs asked for at least all GPUs
     * @param allocation GPUs held by bound pods
     * @param startLag admitted by Kueue, its pod not bound yet (job controller, scheduler)
     * @param releaseLag still admitted after its pod finished or was evicted (job controller, Kueue)
     * @param admissibleWaiting not admitted although a waiting job would fit the free GPUs, its tenant's limits and
     *     the free GPUs of one node (Kueue's admission, and reclaiming by preemption, under way)
     * @param noNode free GPUs that waiting jobs would fit by quota, but no node has as many free (pods of one job
     *     need one node: Kueue's topology placement holds them back)
     * @param capped free GPUs while the only jobs that would fit them belong to tenants at their borrowing limit
     * @param tooBig free GPUs while every waiting job asks for more than are free
     */
    record Breakdown(
            double underLoadSeconds,
            double allocation,
            double startLag,
            double releaseLag,
            double admissibleWaiting,
            double noNode,
            double capped,
            double tooBig) {}

    /**
     * The breakdown over the times in which the unfinished jobs asked for at least {@code capacity} GPUs; with
     * {@code admissibleOnly} each tenant's ask counted only up to its ceiling (guaranteed quota plus borrowing limit):
     * the times in which the policy lets the work fill the cluster.
     */
    Breakdown underLoad(int capacity, Map<String, Integer> ceilings, boolean admissibleOnly, long endAt) {
        return underLoad(capacity, Map.of(), ceilings, admissibleOnly, endAt);
    }

    /** The same, telling apart free GPUs no node has room for, given each node's GPUs (empty: not told apart). */
    Breakdown underLoad(
            int capacity,
            Map<String, Integer> nodeGpus,
            Map<String, Integer> ceilings,
            boolean admissibleOnly,
            long endAt) {
        double[] sums = new double[7];
        long steps = 0;
        for (long t = 0; t < endAt; t += STEP_MS) {
            Map<String, Integer> asked = new TreeMap<>();
            Map<String, Integer> held = new TreeMap<>();
            int bound = 0;
            Map<String, Integer> freeOnNode = new TreeMap<>(nodeGpus);
            int startLag = 0;
            int releaseLag = 0;
            int reserved = 0;
            List<JobSpans> waiting = new ArrayList<>();
            for (JobSpans j : jobs.values()) {
                boolean admitted = j.admittedAt(t);
                boolean podBound = j.boundAt(t);
                if (podBound) {
                    bound += j.gpus;
                    String node = j.nodeAt(t);
                    if (node != null) {
                        freeOnNode.computeIfPresent(node, (n, free) -> free - j.gpus);
                    }
                }
                if (admitted) {
                    reserved += j.gpus;
                    held.merge(j.tenant, j.gpus, Integer::sum);
                    if (!podBound) {
                        if (j.heldAfterItsPodEnded(t)) {
                            releaseLag += j.gpus;
                        } else {
                            startLag += j.gpus;
                        }
                    }
                }
                if (j.outstandingAt(t)) {
                    asked.merge(j.tenant, j.gpus, Integer::sum);
                    if (!admitted) {
                        waiting.add(j);
                    }
                }
            }
            int demand = asked.entrySet().stream()
                    .mapToInt(e -> admissibleOnly
                            ? Math.min(e.getValue(), ceilings.getOrDefault(e.getKey(), Integer.MAX_VALUE))
                            : e.getValue())
                    .sum();
            if (demand < capacity) {
                continue;
            }
            steps++;
            int free = Math.max(0, capacity - reserved);
            int admissible = 0;
            int noNode = 0;
            int capped = 0;
            int tooBig = 0;
            if (free > 0) {
                List<JobSpans> fitting = waiting.stream()
                        .filter(j -> j.gpus <= free
                                && held.getOrDefault(j.tenant, 0) + j.gpus
                                        <= ceilings.getOrDefault(j.tenant, Integer.MAX_VALUE))
                        .toList();
                int roomiest = freeOnNode.values().stream()
                        .mapToInt(Integer::intValue)
                        .max()
                        .orElse(Integer.MAX_VALUE);
                boolean fitsANode = fitting.stream().anyMatch(j -> j.gpus <= roomiest);
                boolean fitsButCapped = waiting.stream().anyMatch(j -> j.gpus <= free);
                if (fitsANode) {
                    admissible = free;
                } else if (!fitting.isEmpty()) {
                    noNode = free;
                } else if (fitsButCapped) {
                    capped = free;
                } else {
                    tooBig = free;
                }
            }
            sums[0] += Math.min(bound, capacity);
            sums[1] += startLag;
            sums[2] += releaseLag;
            sums[3] += admissible;
            sums[4] += capped;
            sums[5] += tooBig;
            sums[6] += noNode;
        }
        if (steps == 0) {
            return new Breakdown(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double norm = (double) steps * capacity;
        return new Breakdown(
                steps * STEP_MS / 1000.0,
                sums[0] / norm,
                sums[1] / norm,
                sums[2] / norm,
                sums[3] / norm,
                sums[6] / norm,
                sums[4] / norm,
                sums[5] / norm);
    }

    /**
     * Mean fraction of the capacity Kueue held admitted while the unfinished jobs asked for at least all of it:
     * allocation as Kueue decided it, before the job controller and the scheduler have started or ended the pods.
     */
    double reservedUnderLoad(int capacity, long endAt) {
        double sum = 0;
        long steps = 0;
        for (long t = 0; t < endAt; t += STEP_MS) {
            final long at = t;
            if (jobs.values().stream()
                            .filter(j -> j.outstandingAt(at))
                            .mapToInt(j -> j.gpus)
                            .sum()
                    < capacity) {
                continue;
            }
            sum += Math.min(
                    capacity,
                    jobs.values().stream()
                            .filter(j -> j.admittedAt(at))
                            .mapToInt(j -> j.gpus)
                            .sum());
            steps++;
        }
        return steps == 0 ? Double.NaN : sum / steps / capacity;
    }

    /** Mean fraction of the capacity held by bound pods from the start until {@code endAt}. */
    double allocation(int capacity, long endAt) {
        double sum = 0;
        long steps = 0;
        for (long t = 0; t < endAt; t += STEP_MS) {
            final long at = t;
            sum += jobs.values().stream()
                    .filter(j -> j.boundAt(at))
                    .mapToInt(j -> j.gpus)
                    .sum();
            steps++;
        }
        return steps == 0 ? Double.NaN : sum / steps / capacity;
    }

    /** Waits of a tenant's jobs from submission to their first admission, in seconds. */
    record Waits(int jobs, double mean, double max) {}

    /**
     * A tenant's waits for admission; with {@code withinGuarantee} only of the jobs that fitted into its guaranteed
     * {@code quota} when submitted (its unfinished jobs then plus this one at most {@code quota} GPUs).
     */
    Waits admissionWaits(String tenant, int quota, boolean withinGuarantee) {
        List<JobSpans> own =
                jobs.values().stream().filter(j -> j.tenant.equals(tenant)).toList();
        double[] waits = own.stream()
                .filter(j -> j.firstAdmittedAt() > 0)
                .filter(j -> !withinGuarantee
                        || own.stream()
                                                .filter(o -> o != j && o.outstandingAt(j.submittedAt))
                                                .mapToInt(o -> o.gpus)
                                                .sum()
                                        + j.gpus
                                <= quota)
                .mapToDouble(j -> (j.firstAdmittedAt() - j.submittedAt) / 1000.0)
                .toArray();
        if (waits.length == 0) {
            return new Waits(0, Double.NaN, Double.NaN);
        }
        double sum = 0;
        double max = 0;
        for (double w : waits) {
            sum += w;
            max = Math.max(max, w);
        }
        return new Waits(waits.length, sum / waits.length, max);
    }

    /** Admissions taken back by Kueue (preemptions), over all jobs. */
    int evictions() {
        return jobs.values().stream().mapToInt(JobSpans::evictions).sum();
    }

    /** One line per job: name, tenant, GPUs, submitted, succeeded, its admission spans and its pods' bound spans. */
    String csv() {
        StringBuilder out = new StringBuilder("job,tenant,gpus,submitted,succeeded,admitted,bound\n");
        new TreeMap<>(jobs).forEach((name, j) -> {
            synchronized (j) {
                out.append(String.join(
                                ",",
                                name,
                                j.tenant,
                                Integer.toString(j.gpus),
                                Long.toString(j.submittedAt),
                                Long.toString(j.succeededAt),
                                spans(j.admitted),
                                spans(j.pods.values())))
                        .append('\n');
            }
        });
        return out.toString();
    }

    private static String spans(java.util.Collection<long[]> spans) {
        return spans.stream()
                .map(s -> s[0] + "-" + (s[1] == Long.MAX_VALUE ? "" : s[1]))
                .collect(java.util.stream.Collectors.joining(" "));
    }

    /** When the last job succeeded. */
    long lastSucceededAt() {
        return jobs.values().stream().mapToLong(j -> j.succeededAt).max().orElse(0);
    }
}
