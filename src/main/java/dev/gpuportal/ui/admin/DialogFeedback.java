package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.gpuportal.base.ConflictException;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.base.NotFoundException;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;

/**
 * Where an admin dialog shows what its service refused: each field message at its field, anything else (a conflict,
 * a denial, a message for no field on the form) in this box at the top of the dialog — never as toasts over the
 * inputs. Read by screen readers as it appears.
 */
class DialogFeedback extends Div {

    private static final Logger log = LoggerFactory.getLogger(DialogFeedback.class);

    DialogFeedback() {
        addClassName("dialog-feedback");
        getElement().setAttribute("role", "alert");
        getStyle()
                .set("background", "var(--lumo-error-color-10pct)")
                .set("color", "var(--lumo-error-text-color)")
                .set("border-radius", "var(--lumo-border-radius-m)")
                .set("padding", "var(--lumo-space-s) var(--lumo-space-m)")
                .set("margin-bottom", "var(--lumo-space-s)");
        setVisible(false);
    }

    /** Runs a service call; returns whether it succeeded, else shows why at the fields or in this box. */
    boolean run(Runnable call, Map<String, ? extends HasValidation> fields) {
        clearFields(fields.values());
        return run(call, fields::get);
    }

    /** As {@link #run(Runnable, Map)}, with a lookup that may map several field names to one component. */
    boolean run(Runnable call, Function<String, ? extends HasValidation> fieldOf) {
        clear();
        try {
            call.run();
            return true;
        } catch (InvalidInputException e) {
            e.fieldErrors().forEach((field, message) -> {
                HasValidation target = fieldOf.apply(field);
                if (target != null) {
                    target.setErrorMessage(message);
                    target.setInvalid(true);
                } else {
                    show(message);
                }
            });
        } catch (ConflictException | NotFoundException | AccessDeniedException e) {
            show(e.getMessage());
        } catch (RuntimeException e) {
            log.error("Unexpected failure in an admin dialog", e);
            show("Something went wrong on our side; it has been logged. Try again, or tell your platform team.");
        }
        return false;
    }

    /** Adds a line to the box and shows it. */
    void show(String message) {
        add(new Div(new Span(message)));
        setVisible(true);
    }

    /** Empties the box. Field messages are cleared by the caller (they belong to the fields). */
    void clear() {
        removeAll();
        setVisible(false);
    }

    /** The text shown, for tests and for reading back. */
    String text() {
        return getElement().getTextRecursively();
    }

    static void clearFields(Iterable<? extends HasValidation> fields) {
        fields.forEach(f -> {
            f.setInvalid(false);
            f.setErrorMessage(null);
        });
    }
}
