package dev.gpuportal.ui.base;

import com.vaadin.flow.component.UI;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Runs a page's update from a background thread (a timer's push) as the person who opened the page: services check
 * rights on every call, and a background thread has no signed-in user of its own.
 */
public final class AsPageUser {

    private AsPageUser() {}

    /** Call while the page is being attached (a request of its user); the returned task updates it later. */
    public static Runnable pushing(UI ui, Runnable update) {
        SecurityContext user = SecurityContextHolder.getContext();
        return () -> ui.access(() -> {
            SecurityContext before = SecurityContextHolder.getContext();
            SecurityContextHolder.setContext(user);
            try {
                update.run();
            } finally {
                SecurityContextHolder.setContext(before);
            }
        });
    }
}
