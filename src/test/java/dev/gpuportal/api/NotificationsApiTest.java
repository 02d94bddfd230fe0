package dev.gpuportal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.gpuportal.base.NotFoundException;
import dev.gpuportal.notification.NotificationDraft;
import dev.gpuportal.notification.NotificationKind;
import dev.gpuportal.notification.NotificationService;
import dev.gpuportal.notification.NotificationView;
import dev.gpuportal.security.Authorities;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;

/** Notifications in the portal: told once per idle episode, listed and read by their recipient only. */
@SpringBootTest
@AutoConfigureMockMvc
class NotificationsApiTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    NotificationService notifications;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void anIdleEpisodeIsToldOnceAndAnotherAfterTheWorkloadWasBusy() throws Exception {
        long workload = ninasNotebook();
        String title = "Notebook " + workload + ": its GPU sits idle";
        assertThat(tell(workload, title)).isEqualTo(1);
        assertThat(tell(workload, title)).as("the next scan, same episode").isZero();
        assertThat(tell(workload, title)).isZero();
        signIn("nina");
        assertThat(notifications.mine().stream().filter(n -> n.title().equals(title)))
                .hasSize(1);

        // seen busy: the episode ends; idle again: a new one is told
        notifications.recordIdleEpisodesForInternalUse(NotificationKind.SMALLER_PROFILE, Set.of(), id -> {
            throw new AssertionError("nothing to word");
        });
        assertThat(tell(workload, title)).isEqualTo(1);
        assertThat(notifications.mine().stream().filter(n -> n.title().equals(title)))
                .hasSize(2);
    }

    @Test
    void eachPersonListsAndMarksOnlyTheirOwn() throws Exception {
        long workload = ninasNotebook();
        String title = "Notebook " + workload + ": its GPU sits idle";
        tell(workload, title);
        signIn("nina");
        long unreadBefore = notifications.unreadCount();
        NotificationView mine = notifications.mine().stream()
                .filter(n -> n.title().equals(title))
                .findFirst()
                .orElseThrow();
        assertThat(mine.read()).isFalse();
        assertThat(mine.link()).isEqualTo("workloads/" + workload);

        mvc.perform(get("/api/v1/notifications").with(ApiAuthorizationMatrixTest.as("member")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.unread").value(unreadBefore))
                .andExpect(
                        jsonPath("$.items[?(@.id == " + mine.id() + ")].title").value(title));
        mvc.perform(get("/api/v1/notifications").with(ApiAuthorizationMatrixTest.as("other-tenant")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[?(@.id == " + mine.id() + ")]").isEmpty());
        mvc.perform(post("/api/v1/notifications/" + mine.id() + "/read")
                        .with(ApiAuthorizationMatrixTest.as("other-tenant")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Not found, or not yours to see"));
        mvc.perform(post("/api/v1/notifications/" + Long.MAX_VALUE + "/read")
                        .with(ApiAuthorizationMatrixTest.as("member")))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/notifications/" + mine.id() + "/read").with(ApiAuthorizationMatrixTest.as("member")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.read").value(true));
        signIn("nina"); // MockMvc leaves no one signed in
        assertThat(notifications.unreadCount()).isEqualTo(unreadBefore - 1);
        SecurityContextHolder.clearContext();
        mvc.perform(get("/api/v1/notifications")).andExpect(status().isUnauthorized());
    }

    @Test
    void theServiceChecksWhoIsAsking() throws Exception {
        long workload = ninasNotebook();
        String title = "Notebook " + workload + ": its GPU sits idle";
        tell(workload, title);
        signIn("nina");
        long id = notifications.mine().stream()
                .filter(n -> n.title().equals(title))
                .findFirst()
                .orElseThrow()
                .id();
        signIn("ravi");
        assertThatThrownBy(() -> notifications.markRead(id)).isInstanceOf(NotFoundException.class);
        assertThat(notifications.mine()).noneMatch(n -> n.id() == id);
        SecurityContextHolder.clearContext();
        assertThatThrownBy(notifications::unreadCount).isInstanceOf(AuthenticationCredentialsNotFoundException.class);
    }

    private int tell(long workload, String title) {
        return notifications.recordIdleEpisodesForInternalUse(
                NotificationKind.SMALLER_PROFILE,
                Set.of(workload),
                id -> new NotificationDraft(
                        "nina", id, "nlp", title, "Its GPU stayed under 5 % for 2 h.", "workloads/" + id));
    }

    private long ninasNotebook() throws Exception {
        String body = mvc.perform(post("/api/v1/workloads")
                        .with(ApiAuthorizationMatrixTest.as("member"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(ApiAuthorizationMatrixTest.notebook(
                                "nlp", "nt-" + UUID.randomUUID().toString().substring(0, 8))))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return Long.parseLong(body.replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
    }

    private static void signIn(String user) {
        SecurityContextHolder.getContext()
                .setAuthentication(
                        UsernamePasswordAuthenticationToken.authenticated(user, null, Authorities.of(Set.of(), false)));
    }
}
