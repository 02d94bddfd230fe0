package dev.gpuportal.notification;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/** Tells live pages whose notifications changed, after the change is committed. */
@Component
public class NotificationEvents {

    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** Calls {@code onChange} with a recipient's user name whenever their notifications change; returns how to stop. */
    public Runnable subscribe(Consumer<String> onChange) {
        listeners.add(onChange);
        return () -> listeners.remove(onChange);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void changed(NotificationsChanged event) {
        listeners.forEach(l -> l.accept(event.recipient()));
    }
}
