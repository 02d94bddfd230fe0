package dev.gpuportal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.gpuportal.cluster.workloads.WorkloadReconciler;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.workload.WorkloadService;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * While the clusters are far behind the database, a submission is a 503 with Retry-After, not an unbounded wait. Runs in
 * the API tests' context (a second Spring context in the JVM replaces Spring Security's global context holder strategy
 * under the first one's cached MockMvc): the default limit, 2,000, is passed with unknown workload ids.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ApplyBacklogApiTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    WorkloadService workloads;

    @Autowired
    WorkloadReconciler reconciler;

    @Test
    void aSubmissionWhileTheApplyQueueIsFullIsA503WithRetryAfterAndLaterGoesThrough() throws Exception {
        int before = AsPlatformAdmin.call(() -> workloads.listOfTenant("nlp").size());
        // more changed workloads than the limit; the queue's token bucket lets 200 through at once, then 100 a second,
        // so the margin of 1,300 lasts 13 s
        for (long id = 1_000_000; id < 1_000_000 + reconciler.limit() + 1500; id++) {
            reconciler.enqueue(id);
        }
        assertThat(reconciler.waiting()).isGreaterThanOrEqualTo(reconciler.limit());

        mvc.perform(post("/api/v1/workloads")
                        .with(ApiAuthorizationMatrixTest.as("member"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(ApiAuthorizationMatrixTest.notebook("nlp", "in-a-burst")))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(header().string("Content-Type", containsString("application/problem+json")))
                .andExpect(jsonPath("$.type").value("https://gpu-portal.dev/problems/busy"))
                .andExpect(jsonPath("$.detail").value(containsString("nothing was changed, try again")));
        assertThat(AsPlatformAdmin.call(() -> workloads.listOfTenant("nlp").size()))
                .isEqualTo(before);

        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> reconciler.waiting() < reconciler.limit());
        mvc.perform(post("/api/v1/workloads")
                        .with(ApiAuthorizationMatrixTest.as("member"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(ApiAuthorizationMatrixTest.notebook("nlp", "in-a-burst")))
                .andExpect(status().isCreated());
        // leave the shared context's queue as it was found
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> reconciler.waiting() == 0);
    }
}
