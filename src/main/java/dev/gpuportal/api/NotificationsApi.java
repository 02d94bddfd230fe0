package dev.gpuportal.api;

import dev.gpuportal.notification.NotificationService;
import dev.gpuportal.notification.NotificationView;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own notifications, newest first, and marking one read. */
@RestController
class NotificationsApi {

    private final NotificationService notifications;

    NotificationsApi(NotificationService notifications) {
        this.notifications = notifications;
    }

    record Listing(long unread, List<NotificationView> items) {}

    @GetMapping("/api/v1/notifications")
    Listing list() {
        return new Listing(notifications.unreadCount(), notifications.mine());
    }

    @PostMapping("/api/v1/notifications/{id}/read")
    NotificationView read(@PathVariable long id) {
        return notifications.markRead(id); // another person's id: 404, as an unknown one
    }
}
