package dev.gpuportal.notification;

import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface NotificationRepository extends JpaRepository<PortalNotification, Long> {

    List<PortalNotification> findByRecipientOrderByCreatedAtDescIdDesc(String recipient, Pageable page);

    long countByRecipientAndReadAtIsNull(String recipient);

    List<PortalNotification> findByRecipientAndReadAtIsNull(String recipient);

    List<PortalNotification> findByKindAndEpisodeOpenTrue(NotificationKind kind);
}
