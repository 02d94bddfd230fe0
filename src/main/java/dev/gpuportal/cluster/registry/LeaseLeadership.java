package dev.gpuportal.cluster.registry;

import dev.gpuportal.base.Leadership;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Leader election with a Lease ({@code coordination.k8s.io/v1}) on the first configured cluster, by fabric8's
 * elector: the replica holding the lease reconciles; the others wait and take over once the lease expires (at most
 * the lease duration after the leader stopped renewing; at once when it shut down cleanly and released it). Without
 * a real cluster (the in-memory demo cluster) or with {@code gpu-portal.leader-election.enabled=false}, this replica
 * leads alone.
 */
@Component
public class LeaseLeadership implements Leadership, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LeaseLeadership.class);
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(5);

    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private final String identity;
    private volatile boolean leader;
    private volatile boolean closed;
    private volatile CompletableFuture<?> election;

    public LeaseLeadership(ClusterRegistry registry, LeaderElectionProperties properties) {
        this.identity = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Optional<RegisteredCluster> cluster =
                registry.all().stream().filter(c -> !c.virtual() && !c.demo()).findFirst();
        if (!properties.enabled() || cluster.isEmpty()) {
            leader = true;
            return;
        }
        RegisteredCluster home = cluster.get();
        Thread.ofVirtual().name("leader-election").start(() -> {
            while (!closed) {
                // fabric8's elector never completes its future when the lease GET after a missed renewal fails (an API
                // server that is down or overloaded): its stop-leading callback is the signal that always comes.
                CompletableFuture<Void> stoppedLeading = new CompletableFuture<>();
                var elector = home.client()
                        .leaderElector()
                        .withConfig(new LeaderElectionConfigBuilder()
                                .withName(properties.leaseName())
                                .withLock(new LeaseLock(properties.namespace(), properties.leaseName(), identity))
                                .withLeaseDuration(properties.leaseDuration())
                                .withRenewDeadline(properties.renewDeadline())
                                .withRetryPeriod(properties.retryPeriod())
                                .withReleaseOnCancel(true)
                                .withLeaderCallbacks(new LeaderCallbacks(
                                        () -> lead(true),
                                        () -> {
                                            lead(false);
                                            stoppedLeading.complete(null);
                                        },
                                        newLeader -> log.info("Portal leader is now {}", newLeader)))
                                .build())
                        .build();
                CompletableFuture<?> running = elector.start();
                election = running;
                try {
                    CompletableFuture.anyOf(running, stoppedLeading).join();
                } catch (RuntimeException stoppedOrFailed) {
                    log.debug("Leader election ended: {}", stoppedOrFailed.toString());
                }
                running.cancel(true);
                lead(false);
                pause(properties.retryPeriod());
            }
        });
        log.info(
                "Leader election as {} with lease {}/{} on cluster '{}'",
                identity,
                properties.namespace(),
                properties.leaseName(),
                home.name());
    }

    private synchronized void lead(boolean leading) {
        if (leader == leading) {
            return;
        }
        leader = leading;
        log.info(leading ? "This replica ({}) leads: reconciling" : "This replica ({}) no longer leads", identity);
        listeners.forEach(l -> l.accept(leading));
    }

    /** This replica's name in the lease. */
    public String identity() {
        return identity;
    }

    @Override
    public boolean isLeader() {
        return leader;
    }

    @Override
    public synchronized void whileLeading(Consumer<Boolean> listener) {
        listeners.add(listener);
        listener.accept(leader);
    }

    @Override
    public void destroy() {
        closed = true;
        CompletableFuture<?> running = election;
        if (running != null) {
            // Releases the lease, so another replica takes over at once. Waited for only briefly: with the API server
            // unreachable the release retries for the client's whole backoff and would hold up shutdown (the pod's
            // grace period); the lease then expires as after a crash.
            Thread release = Thread.ofVirtual().name("leader-release").start(() -> running.cancel(true));
            try {
                release.join(RELEASE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lead(false);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "gpu-portal" : host;
    }
}
