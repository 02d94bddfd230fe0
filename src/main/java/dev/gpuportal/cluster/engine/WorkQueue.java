package dev.gpuportal.cluster.engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one work queue of every reconcile loop, shaped like client-go's: a key waits in the queue at most once (a key
 * queued again while waiting is not added twice; one queued while it is being worked on runs once more afterwards),
 * no key is worked on by two workers at once, a pass that fails or must wait comes back after an exponential backoff
 * per key, and all keys together are taken no faster than a token bucket allows. Workers run only while the queue is
 * active (this replica leads); keys queued meanwhile wait. Keys queued by a resync wait behind every key queued because
 * something changed: a resync of thousands of unchanged keys never delays a new submission.
 *
 * <p>A queue may also bound how many keys of one group (the workloads of one cluster) are worked on at once: a key
 * whose group is full waits in that group's line and is handed to the next worker that finishes a key of the group,
 * so a slow or unreachable cluster holds at most that many workers and the others keep serving the other clusters.
 */
public final class WorkQueue<K> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkQueue.class);

    /** What a pass asks for next. */
    public enum Outcome {
        /** In the wanted state (or nothing more to do until something changes). */
        DONE,
        /** Waiting for something outside the portal (a quota's status, a namespace going away): look again soon. */
        WAIT,
        /** Failed (already reported where users see it): try again after a longer backoff. */
        FAILED
    }

    /** Backoff of one queue: a pass that waits comes back after base × 2^n up to maxWait; one that fails, maxFail. */
    public record Backoff(Duration base, Duration maxWait, Duration maxFail, double perSecond, int burst) {

        public static final Backoff DEFAULT =
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(60), 100, 200);

        Duration after(int attempts, boolean failed) {
            long max = (failed ? maxFail : maxWait).toMillis();
            long millis = base.toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
            return Duration.ofMillis(Math.min(millis, max));
        }
    }

    private final String name;
    private final Function<K, Outcome> pass;
    private final Backoff backoff;
    private final ExecutorService workers;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Queued keys and the time (System.nanoTime) they are due. */
    private final Map<K, Long> due = new HashMap<>();
    /** Keys queued by a resync, in order, taken only when no key of {@link #due} is ready. */
    private final java.util.LinkedHashSet<K> resync = new java.util.LinkedHashSet<>();

    private final Set<K> running = new HashSet<>();
    /** What group each key is in (null: none), and the bound per group; see {@link #perGroup}. */
    private final Function<K, Object> groupOf;

    private final int perGroup;
    /** The group of each key being worked on, how many of each group run, and each full group's waiting keys. */
    private final Map<K, Object> runningGroup = new HashMap<>();

    private final Map<Object, Integer> runningPerGroup = new HashMap<>();
    private final Map<Object, java.util.ArrayDeque<K>> parked = new HashMap<>();
    private final Set<K> parkedKeys = new HashSet<>();
    private final Map<K, Integer> attempts = new HashMap<>();
    private double tokens;
    private long refilledAt = System.nanoTime();
    private boolean active;
    private boolean closed;

    public WorkQueue(String name, int workers, Backoff backoff, Function<K, Outcome> pass) {
        this(name, workers, backoff, pass, key -> null, workers);
    }

    /**
     * A queue that works on at most {@code perGroup} keys of one group at once; {@code groupOf} (called by a worker,
     * outside the queue's lock, so it may read) names a key's group, null for none.
     */
    public static <K> WorkQueue<K> perGroup(
            String name,
            int workers,
            int perGroup,
            Function<K, Object> groupOf,
            Backoff backoff,
            Function<K, Outcome> pass) {
        return new WorkQueue<>(name, workers, backoff, pass, groupOf, perGroup);
    }

    private WorkQueue(
            String name,
            int workers,
            Backoff backoff,
            Function<K, Outcome> pass,
            Function<K, Object> groupOf,
            int perGroup) {
        if (perGroup < 1) {
            throw new IllegalArgumentException("perGroup must be at least 1: " + perGroup);
        }
        this.groupOf = groupOf;
        this.perGroup = perGroup;
        this.name = name;
        this.pass = pass;
        this.backoff = backoff;
        this.tokens = backoff.burst();
        this.workers = Executors.newFixedThreadPool(
                workers, Thread.ofPlatform().name(name + "-", 1).daemon().factory());
        for (int i = 0; i < workers; i++) {
            this.workers.execute(this::work);
        }
    }

    /** Queues a key to run as soon as possible. */
    public void add(K key) {
        addAfter(key, Duration.ZERO);
    }

    /** Queues a key to run after {@code delay}; a key already due earlier keeps its earlier time. */
    public void addAfter(K key, Duration delay) {
        long at = System.nanoTime() + delay.toNanos();
        lock.lock();
        try {
            if (parkedKeys.contains(key)) {
                return; // waits in its group's line and runs as soon as the group has room
            }
            due.merge(key, at, Math::min);
            resync.remove(key);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a key for a resync: it runs after every key queued by {@link #add} that is due, and not at all twice; a
     * key already queued otherwise keeps its place.
     */
    public void addResync(K key) {
        lock.lock();
        try {
            if (!due.containsKey(key) && !parkedKeys.contains(key) && resync.add(key)) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Starts or pauses the workers (only the leading replica reconciles); queued keys are kept. */
    public void active(boolean active) {
        lock.lock();
        try {
            this.active = active;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether keys of a resync still wait to be taken. */
    public boolean resyncing() {
        lock.lock();
        try {
            return !resync.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** How many keys are waiting or being worked on. */
    public int pending() {
        lock.lock();
        try {
            return due.size() + resync.size() + running.size() + parkedKeys.size();
        } finally {
            lock.unlock();
        }
    }

    /** How many keys queued because something changed wait (resync keys not counted): the queue's backlog. */
    public int backlog() {
        lock.lock();
        try {
            return due.size() + parkedKeys.size();
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        K handedOver = null;
        while (true) {
            K key = handedOver;
            handedOver = null;
            if (key == null) {
                try {
                    key = take();
                } catch (InterruptedException e) {
                    return;
                }
                if (key == null) {
                    return;
                }
                if (!enterGroup(key, group(key))) {
                    continue; // its group is full: it waits in the group's line
                }
            }
            Outcome outcome;
            try {
                outcome = pass.apply(key);
            } catch (RuntimeException e) {
                outcome = Outcome.FAILED;
                log.warn("{} of {} failed, retrying with backoff: {}", name, key, e.toString());
                log.debug("{} of {} failed", name, key, e);
            }
            handedOver = finish(key, outcome);
        }
    }

    private Object group(K key) {
        try {
            return groupOf.apply(key);
        } catch (RuntimeException e) {
            log.debug("{}: no group for {}", name, key, e);
            return null;
        }
    }

    /** Counts a taken key into its group, or parks it in the group's line when the group is full. */
    private boolean enterGroup(K key, Object group) {
        lock.lock();
        try {
            if (group == null) {
                return true;
            }
            if (parkedKeys.contains(key)) {
                running.remove(key); // queued again while it waited in line: the waiting one runs
                changed.signalAll();
                return false;
            }
            int inGroup = runningPerGroup.getOrDefault(group, 0);
            if (inGroup >= perGroup) {
                running.remove(key);
                parked.computeIfAbsent(group, g -> new java.util.ArrayDeque<>()).add(key);
                parkedKeys.add(key);
                return false;
            }
            runningPerGroup.put(group, inGroup + 1);
            runningGroup.put(key, group);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private K take() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    return null;
                }
                long now = System.nanoTime();
                K next = null;
                long nextAt = Long.MAX_VALUE;
                boolean fromResync = false;
                if (active) {
                    for (var entry : due.entrySet()) {
                        if (!running.contains(entry.getKey()) && entry.getValue() < nextAt) {
                            next = entry.getKey();
                            nextAt = entry.getValue();
                        }
                    }
                    if (next == null || nextAt > now) {
                        for (K key : resync) {
                            if (!running.contains(key)) {
                                next = key;
                                nextAt = now;
                                fromResync = true;
                                break;
                            }
                        }
                    }
                }
                if (next == null) {
                    changed.await();
                } else if (nextAt > now) {
                    changed.awaitNanos(nextAt - now);
                } else if (!takeToken(now)) {
                    changed.awaitNanos((long) (1_000_000_000 / backoff.perSecond()));
                } else {
                    if (fromResync) {
                        resync.remove(next);
                    } else {
                        due.remove(next);
                    }
                    running.add(next);
                    return next;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean takeToken(long now) {
        tokens = Math.min(backoff.burst(), tokens + (now - refilledAt) / 1e9 * backoff.perSecond());
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }

    /** Records a pass's outcome; returns the next key of the same group to run in its place, if one waits. */
    private K finish(K key, Outcome outcome) {
        lock.lock();
        try {
            running.remove(key);
            K next = null;
            Object group = runningGroup.remove(key);
            if (group != null) {
                java.util.ArrayDeque<K> line = parked.get(group);
                if (line != null && !line.isEmpty() && active && !closed) {
                    next = line.poll(); // takes over the finished key's place in the group
                    parkedKeys.remove(next);
                    runningGroup.put(next, group);
                    running.add(next);
                } else {
                    runningPerGroup.merge(group, -1, (a, b) -> a + b == 0 ? null : a + b);
                    if (line != null) { // paused or closing: the line waits in the queue like any key
                        long now = System.nanoTime();
                        line.forEach(k -> due.merge(k, now, Math::min));
                        parkedKeys.removeAll(line);
                        line.clear();
                    }
                }
                if (line != null && line.isEmpty()) {
                    parked.remove(group);
                }
            }
            if (outcome == Outcome.DONE) {
                attempts.remove(key);
            } else {
                int n = attempts.merge(key, 1, Integer::sum);
                long at = System.nanoTime()
                        + backoff.after(n, outcome == Outcome.FAILED).toNanos();
                due.merge(key, at, Math::min);
            }
            changed.signalAll();
            return next;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        workers.shutdownNow();
    }
}
