package dev.gpuportal.ui.base;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import dev.gpuportal.base.ConflictException;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.base.NotFoundException;
import dev.gpuportal.quota.QuotaExceededException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;

/** Shows the outcome of a service call: success, a field message, or a plain reason — never a stack trace. */
public final class Notifications {

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);

    private Notifications() {}

    public static void success(String text) {
        Notification n = Notification.show(text, 3000, Notification.Position.BOTTOM_START);
        n.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    public static void error(String text) {
        Notification n = Notification.show(text, 8000, Notification.Position.MIDDLE);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    /** Clears the fields' messages; to call before submitting again. */
    public static void clear(Map<String, ? extends HasValidation> fields) {
        fields.values().forEach(f -> {
            f.setInvalid(false);
            f.setErrorMessage(null);
        });
    }

    /**
     * Runs a service call; shows an invalid-input message at its field (or as a notification when no field matches),
     * conflicts, denials and absences as notifications. Returns whether the call succeeded.
     */
    public static boolean run(Runnable call, Map<String, ? extends HasValidation> fields) {
        clear(fields);
        try {
            call.run();
            return true;
        } catch (InvalidInputException e) {
            e.fieldErrors().forEach((field, message) -> {
                HasValidation target = fields.get(field);
                if (target != null) {
                    target.setErrorMessage(message);
                    target.setInvalid(true);
                } else {
                    error(message);
                }
            });
        } catch (QuotaExceededException e) {
            error(e.getMessage());
        } catch (ConflictException | NotFoundException e) {
            error(e.getMessage());
        } catch (AccessDeniedException e) {
            error(e.getMessage());
        } catch (RuntimeException e) {
            log.error("Unexpected failure in a UI action", e);
            error("Something went wrong on our side; it has been logged. Try again, or tell your platform team.");
        }
        return false;
    }
}
