package dev.gpuportal.notification;

import dev.gpuportal.base.NotFoundException;
import dev.gpuportal.security.CurrentUser;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A person's notifications: listed newest first, counted unread, marked read. Every call acts for the signed-in
 * caller on their own notifications only; someone else's is "not found", like one that does not exist.
 */
@Service
public class NotificationService {

    /** The header list and the API show this many, newest first. */
    static final int LIST_SIZE = 50;

    private final NotificationRepository notifications;
    private final CurrentUser currentUser;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    NotificationService(
            NotificationRepository notifications,
            CurrentUser currentUser,
            ApplicationEventPublisher events,
            Clock clock) {
        this.notifications = notifications;
        this.currentUser = currentUser;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<NotificationView> mine() {
        return notifications.findByRecipientOrderByCreatedAtDescIdDesc(me(), PageRequest.of(0, LIST_SIZE)).stream()
                .map(PortalNotification::view)
                .toList();
    }

    @Transactional(readOnly = true)
    public long unreadCount() {
        return notifications.countByRecipientAndReadAtIsNull(me());
    }

    /** Marks one of the caller's notifications read; another person's id is not found, as an unknown one. */
    @Transactional
    public NotificationView markRead(long id) {
        String me = me();
        PortalNotification n = notifications
                .findById(id)
                .filter(found -> found.getRecipient().equals(me))
                .orElseThrow(() -> new NotFoundException("No notification " + id));
        n.markRead(clock.instant());
        events.publishEvent(new NotificationsChanged(me));
        return n.view();
    }

    @Transactional
    public int markAllRead() {
        String me = me();
        List<PortalNotification> unread = notifications.findByRecipientAndReadAtIsNull(me);
        unread.forEach(n -> n.markRead(clock.instant()));
        if (!unread.isEmpty()) {
            events.publishEvent(new NotificationsChanged(me));
        }
        return unread.size();
    }

    /**
     * Tells each workload's owner of an idle episode of {@code kind} once (scanners; no caller rights):
     * {@code idleNow} are the workloads a complete scan found idle, {@code draft} words the notification of one of
     * them (asked only for those not told yet). Episodes of workloads no longer idle end. Returns how many were told.
     */
    @Transactional
    public int recordIdleEpisodesForInternalUse(
            NotificationKind kind, Set<Long> idleNow, LongFunction<NotificationDraft> draft) {
        Map<Long, List<PortalNotification>> open = notifications.findByKindAndEpisodeOpenTrue(kind).stream()
                .collect(Collectors.groupingBy(PortalNotification::getWorkloadId));
        IdleEpisodes.Changes changes = IdleEpisodes.of(open.keySet(), idleNow);
        changes.ended().forEach(id -> open.get(id).forEach(PortalNotification::closeEpisode));
        for (long id : changes.toTell()) {
            NotificationDraft told = draft.apply(id);
            notifications.save(new PortalNotification(kind, told, clock.instant()));
            events.publishEvent(new NotificationsChanged(told.recipient()));
        }
        return changes.toTell().size();
    }

    private String me() {
        return currentUser.require().username();
    }
}
