package dev.gpuportal.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * A tick every 30 s to the pages that show GPU metrics, so that their charts follow new samples (pushed, like the
 * rest of the UI). Only while someone listens; answers come from the client's cache when pages ask alike.
 */
@Component
public class MetricsTicks implements DisposableBean {

    static final long SECONDS = 30;

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gpu-metrics-ticks");
        t.setDaemon(true);
        return t;
    });

    MetricsTicks() {
        timer.scheduleAtFixedRate(this::tick, SECONDS, SECONDS, TimeUnit.SECONDS);
    }

    /** Calls {@code listener} on every tick until the returned handle is run. */
    public Runnable subscribe(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void tick() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                // a closed page: it unsubscribes on detach
            }
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
