package dev.gpuportal.ui.base;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.popover.Popover;
import com.vaadin.flow.component.popover.PopoverPosition;
import dev.gpuportal.notification.NotificationEvents;
import dev.gpuportal.notification.NotificationService;
import dev.gpuportal.notification.NotificationView;
import java.util.List;

/**
 * The bell in the header: how many of the signed-in person's notifications are unread, and the list of them in a
 * popover. Opening one marks it read and goes to its page. Follows new notifications by push.
 */
class NotificationBell extends Composite<Div> {

    final Button bell = new Button(VaadinIcon.BELL.create());
    final Span count = new Span();
    final Div list = new Div();
    final Popover popover = new Popover();

    private final NotificationService notifications;
    private final NotificationEvents events;
    private final String username;
    private Runnable unsubscribe;

    NotificationBell(NotificationService notifications, NotificationEvents events, String username) {
        this.notifications = notifications;
        this.events = events;
        this.username = username;
        bell.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
        bell.setId("notification-bell");
        count.addClassNames("badge", "badge-error", "notification-count");
        count.setId("notification-count");
        list.addClassName("notification-list");
        list.setId("notification-list");
        Button allRead = new Button("Mark all read", e -> {
            notifications.markAllRead();
            refresh();
        });
        allRead.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        Span heading = new Span("Notifications");
        heading.addClassName("usage-heading");
        Div top = new Div(heading, allRead);
        top.addClassName("notification-top");
        popover.add(top, list);
        popover.setTarget(bell);
        popover.setPosition(PopoverPosition.BOTTOM_END);
        popover.setAriaLabel("Notifications");
        popover.addOpenedChangeListener(e -> {
            if (e.isOpened()) {
                refresh();
            }
        });
        getContent().addClassName("notification-bell");
        getContent().add(bell, count, popover);
        refresh();
    }

    /** Reads the count and the list again. */
    void refresh() {
        long unread = notifications.unreadCount();
        count.setText(Long.toString(unread));
        count.setVisible(unread > 0);
        bell.setAriaLabel(unread == 0 ? "Notifications, none unread" : "Notifications, " + unread + " unread");
        bell.setTooltipText(unread == 0 ? "No unread notifications" : unread + " unread");
        list.removeAll();
        List<NotificationView> mine = notifications.mine();
        if (mine.isEmpty()) {
            list.add(new Span("Nothing to tell you yet."));
        }
        mine.forEach(n -> list.add(item(n)));
    }

    private Div item(NotificationView n) {
        Span title = new Span(n.title());
        title.addClassName("notification-title");
        Span when = new Span(UserTime.shortDateTime(n.createdAt()));
        when.addClassName("usage-others");
        Span body = new Span(n.body());
        body.addClassName("notification-body");
        Div item = new Div(title, when, body);
        item.addClassName("notification-item");
        if (!n.read()) {
            item.addClassName("unread");
        }
        item.getElement().setAttribute("role", "button");
        item.getElement().setAttribute("tabindex", "0");
        item.addClickListener(e -> open(n));
        item.getElement().addEventListener("keydown", e -> open(n)).setFilter("event.key === 'Enter'");
        return item;
    }

    private void open(NotificationView n) {
        if (Notifications.run(() -> notifications.markRead(n.id()), java.util.Map.of())) {
            popover.close();
            refresh();
            getUI().ifPresent(ui -> ui.navigate(n.link()));
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        Runnable update = AsPageUser.pushing(event.getUI(), this::refresh);
        unsubscribe = events.subscribe(recipient -> {
            if (recipient.equals(username)) {
                update.run();
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
        }
    }
}
