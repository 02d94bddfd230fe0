package dev.gpuportal.ui.base;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.server.VaadinSession;
import dev.gpuportal.notification.NotificationDraft;
import dev.gpuportal.notification.NotificationKind;
import dev.gpuportal.notification.NotificationService;
import dev.gpuportal.ui.workloads.WorkloadDetailView;
import dev.gpuportal.workload.WorkloadForm;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadView;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithMockUser;

/** The header's bell: the unread count, the list, opening one; a new notification shows up by push. */
@SpringBootTest
class NotificationBellTest extends SpringBrowserlessTest {

    @Autowired
    WorkloadService workloads;

    @Autowired
    NotificationService notifications;

    @Override
    protected java.util.Set<String> scanPackages() {
        return java.util.Set.of("dev.gpuportal.ui");
    }

    @Test
    @WithMockUser(
            username = "nina",
            authorities = {"ROLE_USER", "GROUP_nlp-team"})
    void theBellCountsUnreadOpeningOneMarksItReadAndANewOneArrivesByPush() {
        WorkloadView first = notebook();
        WorkloadView second = notebook();
        tell(Set.of(first.id()));
        navigate("", Component.class);
        NotificationBell bell = $(NotificationBell.class).single();
        long unread = notifications.unreadCount();
        assertThat(unread).isPositive();
        assertThat(bell.count.isVisible()).isTrue();
        assertThat(bell.count.getText()).isEqualTo(Long.toString(unread));

        tell(Set.of(first.id(), second.id())); // a scan finds the second idle too: pushed to the open page
        VaadinSession session = VaadinSession.getCurrent();
        session.getService().runPendingAccessTasks(session); // what the end of the test's "request" would run
        assertThat(bell.count.getText()).isEqualTo(Long.toString(unread + 1));

        test(bell.bell).click();
        Div item = $(Div.class, bell.list).withClassName("notification-item").all().stream()
                .filter(d -> d.getElement().getTextRecursively().contains("Notebook " + second.name()))
                .findFirst()
                .orElseThrow();
        assertThat(item.hasClassName("unread")).isTrue();
        test(item).click();

        assertThat(getCurrentView()).isInstanceOf(WorkloadDetailView.class);
        assertThat(bell.count.getText()).isEqualTo(Long.toString(unread));
        assertThat(notifications.mine().stream().filter(n -> n.workloadId() == second.id()))
                .allMatch(n -> n.read());
    }

    private WorkloadView notebook() {
        return workloads.submit(new WorkloadForm.Notebook(
                "nlp",
                "bell-" + UUID.randomUUID().toString().substring(0, 8),
                "quay.io/jupyter/scipy-notebook:2026-11-02",
                "1",
                "4Gi",
                "mig-1g.10gb",
                "1",
                "10Gi"));
    }

    private void tell(Set<Long> idle) {
        notifications.recordIdleEpisodesForInternalUse(
                NotificationKind.SMALLER_PROFILE,
                idle,
                id -> new NotificationDraft(
                        "nina",
                        id,
                        "nlp",
                        "Notebook " + workloads.get(id).name() + ": its GPU sits idle",
                        "Its GPU stayed under 5 % for 2 h.",
                        "workloads/" + id));
    }
}
