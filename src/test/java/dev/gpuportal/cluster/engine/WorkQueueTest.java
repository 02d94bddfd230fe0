package dev.gpuportal.cluster.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    static final WorkQueue.Backoff FAST =
            new WorkQueue.Backoff(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMillis(80), 1000, 1000);

    @Test
    void aKeyQueuedManyTimesWhileWaitingRunsOnce() throws Exception {
        List<String> runs = new CopyOnWriteArrayList<>();
        try (WorkQueue<String> queue = new WorkQueue<>("test", 2, FAST, key -> {
            runs.add(key);
            return WorkQueue.Outcome.DONE;
        })) {
            for (int i = 0; i < 100; i++) {
                queue.add("a");
                queue.add("b");
            }
            queue.active(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> queue.pending() == 0);
            Thread.sleep(100);
            assertThat(runs).containsExactlyInAnyOrder("a", "b");
        }
    }

    @Test
    void aKeyQueuedWhileItRunsRunsOnceMoreAfterwardsNeverAtTheSameTime() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (WorkQueue<String> queue = new WorkQueue<>("test", 4, FAST, key -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            runs.incrementAndGet();
            firstStarted.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return WorkQueue.Outcome.DONE;
        })) {
            queue.active(true);
            queue.add("t");
            firstStarted.await();
            queue.add("t");
            queue.add("t");
            Thread.sleep(50);
            assertThat(runs).hasValue(1);
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 2 && queue.pending() == 0);
            assertThat(overlaps).hasValue(0);
        }
    }

    @Test
    void aPassThatWaitsOrFailsComesBackWithGrowingPausesUntilDone() {
        List<Long> times = new CopyOnWriteArrayList<>();
        try (WorkQueue<String> queue = new WorkQueue<>("test", 1, FAST, key -> {
            times.add(System.nanoTime());
            return switch (times.size()) {
                case 1, 2 -> WorkQueue.Outcome.WAIT;
                case 3 -> throw new IllegalStateException("API server unreachable");
                default -> WorkQueue.Outcome.DONE;
            };
        })) {
            queue.active(true);
            queue.add("t");
            await().atMost(Duration.ofSeconds(5)).until(() -> times.size() == 4 && queue.pending() == 0);
        }
        long first = times.get(1) - times.get(0);
        long second = times.get(2) - times.get(1);
        long third = times.get(3) - times.get(2);
        assertThat(Duration.ofNanos(first)).isGreaterThanOrEqualTo(Duration.ofMillis(10));
        assertThat(Duration.ofNanos(second)).isGreaterThanOrEqualTo(Duration.ofMillis(20));
        assertThat(Duration.ofNanos(third)).isGreaterThanOrEqualTo(Duration.ofMillis(40));
    }

    @Test
    void backoffDoublesUpToItsLimits() {
        WorkQueue.Backoff backoff = WorkQueue.Backoff.DEFAULT;
        assertThat(backoff.after(1, false)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.after(3, false)).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.after(30, false)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.after(30, true)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void keysQueuedBecauseSomethingChangedRunBeforeAResyncsKeys() throws Exception {
        List<String> runs = new CopyOnWriteArrayList<>();
        try (WorkQueue<String> queue = new WorkQueue<>("test", 1, FAST, key -> {
            runs.add(key);
            return WorkQueue.Outcome.DONE;
        })) {
            for (int i = 0; i < 50; i++) {
                queue.addResync("resync-" + i);
            }
            queue.add("new");
            queue.addResync("new"); // already queued for a change: keeps its place
            queue.add("resync-49"); // changed after the resync queued it: moves ahead
            assertThat(queue.backlog()).isEqualTo(2);
            assertThat(queue.pending()).isEqualTo(51);
            assertThat(queue.resyncing()).isTrue();
            queue.active(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> queue.pending() == 0);
            assertThat(queue.resyncing()).isFalse();
            assertThat(runs).hasSize(51);
            assertThat(runs.subList(0, 2)).containsExactlyInAnyOrder("new", "resync-49");
            assertThat(runs.subList(2, 51)).startsWith("resync-0", "resync-1").doesNotHaveDuplicates();
        }
    }

    @Test
    void nothingRunsWhileTheQueueIsInactiveAndQueuedKeysWait() throws Exception {
        Map<String, Integer> runs = new ConcurrentHashMap<>();
        try (WorkQueue<String> queue = new WorkQueue<>("test", 2, FAST, key -> {
            runs.merge(key, 1, Integer::sum);
            return WorkQueue.Outcome.DONE;
        })) {
            queue.add("a");
            Thread.sleep(100);
            assertThat(runs).isEmpty();
            queue.active(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.containsKey("a"));
            queue.active(false);
            queue.add("b");
            Thread.sleep(100);
            assertThat(runs).doesNotContainKey("b");
        }
    }

    @Test
    void theTokenBucketLimitsHowFastKeysAreTaken() {
        WorkQueue.Backoff slow =
                new WorkQueue.Backoff(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMillis(80), 20, 1);
        AtomicInteger runs = new AtomicInteger();
        long start = System.nanoTime();
        try (WorkQueue<Integer> queue = new WorkQueue<>("test", 4, slow, key -> {
            runs.incrementAndGet();
            return WorkQueue.Outcome.DONE;
        })) {
            queue.active(true);
            for (int i = 0; i < 10; i++) {
                queue.add(i);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 10);
        }
        // 1 at once, then 20 a second: the other 9 take at least 0.45 s
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aClusterThatHangsHoldsAtMostItsShareOfWorkersAndTheOtherClustersKeepGoing() throws Exception {
        AtomicInteger slowRunning = new AtomicInteger();
        AtomicInteger slowMostAtOnce = new AtomicInteger();
        List<String> fastDone = new CopyOnWriteArrayList<>();
        CountDownLatch slowReleased = new CountDownLatch(1);
        try (WorkQueue<String> queue = WorkQueue.perGroup("test", 4, 2, key -> key.split("-")[0], FAST, key -> {
            if (key.startsWith("slow")) {
                slowMostAtOnce.accumulateAndGet(slowRunning.incrementAndGet(), Math::max);
                try {
                    slowReleased.await(); // an unreachable API server: the apply hangs until it times out
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                slowRunning.decrementAndGet();
            } else {
                fastDone.add(key);
            }
            return WorkQueue.Outcome.DONE;
        })) {
            for (int i = 0; i < 20; i++) {
                queue.add("slow-" + i);
            }
            for (int i = 0; i < 20; i++) {
                queue.add("fast-" + i);
            }
            queue.active(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> fastDone.size() == 20);
            assertThat(slowRunning).hasValue(2);
            assertThat(queue.pending()).isEqualTo(20); // 2 hanging, 18 waiting in their cluster's line
            assertThat(queue.backlog()).isEqualTo(18);

            queue.add("slow-7"); // already waiting in line: not queued twice
            queue.addResync("slow-8");
            assertThat(queue.pending()).isEqualTo(20);

            slowReleased.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> queue.pending() == 0);
            assertThat(slowMostAtOnce).hasValue(2);
        }
    }

    @Test
    void aKeyOfAFullGroupRunsOnceEvenWhenQueuedAgainWhileItWaits() throws Exception {
        Map<String, Integer> runs = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        try (WorkQueue<String> queue = WorkQueue.perGroup("test", 3, 1, key -> "one-cluster", FAST, key -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            runs.merge(key, 1, Integer::sum);
            if (key.equals("first")) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            running.decrementAndGet();
            return WorkQueue.Outcome.DONE;
        })) {
            queue.active(true);
            queue.add("first");
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.containsKey("first"));
            for (int i = 0; i < 10; i++) {
                queue.add("second");
                Thread.sleep(5);
            }
            assertThat(runs).doesNotContainKey("second");
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> queue.pending() == 0);
            Thread.sleep(100);
            assertThat(runs).containsEntry("first", 1).containsEntry("second", 1);
            assertThat(overlaps).hasValue(0);
        }
    }

    @Test
    void keysWaitingForTheirGroupAreKeptWhileTheQueueIsPausedAndRunWhenItResumes() throws Exception {
        Map<String, Integer> runs = new ConcurrentHashMap<>();
        CountDownLatch release = new CountDownLatch(1);
        try (WorkQueue<String> queue = WorkQueue.perGroup("test", 2, 1, key -> "one-cluster", FAST, key -> {
            runs.merge(key, 1, Integer::sum);
            if (key.equals("first")) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return WorkQueue.Outcome.DONE;
        })) {
            queue.active(true);
            queue.add("first");
            queue.add("second");
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.containsKey("first") && queue.backlog() == 1);
            queue.active(false); // leadership lost while "second" waits in line
            release.countDown();
            Thread.sleep(100);
            assertThat(runs).doesNotContainKey("second");
            assertThat(queue.pending()).isEqualTo(1);
            queue.active(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.containsKey("second"));
        }
    }
}
