package dev.gpuportal.ui.base;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A live page's re-read when what it shows changes elsewhere, at most once a second ({@link RefreshThrottle}). A
 * fleet changes workloads over a hundred times a second during a burst of submissions, and all the time while its pods
 * start and end: a page that re-read itself at each change kept its browser busy with round trips that never ended
 * and the server reading for it. A person sees the latest state at most a second late. The re-read runs in the page's
 * UI (pushed), on a virtual thread of its own.
 */
public final class PageRefresh {

    static final Duration INTERVAL = Duration.ofSeconds(1);

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("page-refresh").daemon().factory());

    private final UI ui;
    private final Runnable refresh;
    private final RefreshThrottle throttle;

    public PageRefresh(UI ui, Runnable refresh) {
        this.ui = ui;
        this.refresh = refresh;
        this.throttle = new RefreshThrottle(INTERVAL);
    }

    /** Something the page shows changed: it re-reads now, or with the other changes at the end of the interval. */
    public void changed() {
        long wait;
        synchronized (throttle) {
            var due = throttle.changed(System.nanoTime());
            if (due.isEmpty()) {
                return;
            }
            wait = due.getAsLong();
        }
        TIMER.schedule(() -> Thread.ofVirtual().name("page-refresh").start(this::run), wait, TimeUnit.NANOSECONDS);
    }

    private void run() {
        synchronized (throttle) {
            throttle.running(System.nanoTime());
        }
        try {
            ui.access(refresh::run);
        } catch (UIDetachedException closed) {
            // the page was closed meanwhile: nothing to show
        }
    }
}
