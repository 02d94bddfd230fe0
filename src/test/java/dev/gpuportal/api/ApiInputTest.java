package dev.gpuportal.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.workload.WorkloadService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/** Bad bodies are 400s that name the field and create nothing; idempotency keys; no session cookies. */
@SpringBootTest
@AutoConfigureMockMvc
class ApiInputTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    WorkloadService workloads;

    int nlpWorkloads() {
        return AsPlatformAdmin.call(() -> workloads.listOfTenant("nlp").size());
    }

    static String training(String workers, boolean fastInterconnect) {
        return """
                {"kind":"training","tenant":"nlp","name":"gang","image":"nvcr.io/nvidia/pytorch:26.10-py3",
                 "command":["torchrun","train.py"],"cpu":"2","memory":"8Gi","gpuProfile":"h100-80gb","gpuCount":1,
                 "workers":%s,"checkpoint":"10Gi","fastInterconnect":%s}""".formatted(workers, fastInterconnect);
    }

    @Test
    void workerCountsOutsideTheirRangeAndAFastInterconnectTheClusterLacksAreRefusedAtTheirField() throws Exception {
        int before = nlpWorkloads();
        for (String workers : new String[] {"0", "65", "\"many\""}) {
            mvc.perform(post("/api/v1/workloads")
                            .with(ApiAuthorizationMatrixTest.as("member"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(training(workers, false)))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.fields.workers").value(containsStringIgnoringCase("between 1 and 64")));
        }
        // the test context's cluster runs no Kueue: nothing could keep the workers together
        mvc.perform(post("/api/v1/workloads")
                        .with(ApiAuthorizationMatrixTest.as("member"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(training("4", true)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.fastInterconnect")
                        .value(containsString("runs no queue manager (Kueue), which is what keeps workers together"
                                + " on the fast interconnect: leave this off there")));
        mvc.perform(post("/api/v1/workloads")
                        .with(ApiAuthorizationMatrixTest.as("member"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(training("4", false).replace("true", "\"yes\"").replace("false", "\"no\"")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.fastInterconnect").exists());
        org.assertj.core.api.Assertions.assertThat(nlpWorkloads()).isEqualTo(before);
    }

    @Test
    void badBodiesAreRefusedWithTheirFieldAndNothingIsCreated() throws Exception {
        int before = nlpWorkloads();
        mvc.perform(post("/api/v1/workloads")
                        .with(ApiAuthorizationMatrixTest.as("member"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"kind\":\"notebook\",\"tenant\":\"nlp\",\"name\":\"x\",\"colour\":\"red\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", containsString("application/problem+json")))
                .andExpect(jsonPath("$.type").value("https://gpu-portal.dev/problems/invalid-input"))
                .andExpect(jsonPath("$.fields.colour").value(containsString("Unknown field")));
        mvc.perform(post("/api/v1/workloads")
                        .with(ApiAuthorizationMatrixTest.as("member"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"kind\":\"notebook\",\"tenant\":\"nlp\",\"name\":[1,2],\"memory\":\"12 gigs\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.name").value("A string is expected"));
        mvc.perform(post("/api/v1/workloads")
                        .with(ApiAuthorizationMatrixTest.as("member"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(ApiAuthorizationMatrixTest.notebook("nlp", "y".repeat(3000))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.name").value("At most 2000 characters"));
        mvc.perform(post("/api/v1/workloads")
                        .with(ApiAuthorizationMatrixTest.as("member"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(ApiAuthorizationMatrixTest.notebook("nlp", "ok-name")
                                .replace("\"4Gi\"", "\"12 gigs\"")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.memory").value(containsString("'12 gigs' is not a size")));
        mvc.perform(post("/api/v1/workloads")
                        .with(ApiAuthorizationMatrixTest.as("member"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{not json"))
                .andExpect(status().isBadRequest());
        mvc.perform(
                        post("/api/v1/workloads")
                                .with(ApiAuthorizationMatrixTest.as("member"))
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(
                                        "{\"kind\":\"training\",\"tenant\":\"nlp\",\"name\":\"no-cmd\",\"image\":\"nvcr.io/nvidia/pytorch:26.10-py3\",\"cpu\":\"1\",\"memory\":\"4Gi\",\"checkpoint\":\"10Gi\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.command").value(containsString("needs a command")));
        org.assertj.core.api.Assertions.assertThat(nlpWorkloads()).isEqualTo(before);
    }

    @Test
    void aNotebookIdleLimitIsReadAndCheckedLikeTheRestOfTheQuota() throws Exception {
        String etag = mvc.perform(get("/api/v1/tenants/recsys/quota").with(ApiAuthorizationMatrixTest.as("admin")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.notebookIdleLimit").value("default"))
                .andReturn()
                .getResponse()
                .getHeader("ETag");
        String quota = "{\"gpus\":\"2\",\"cpu\":\"64\",\"memory\":\"256Gi\",\"storage\":\"2Ti\",\"maxWorkloads\":20,"
                + "\"notebookIdleLimit\":\"%s\"}";
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(
                                "/api/v1/tenants/recsys/quota")
                        .with(ApiAuthorizationMatrixTest.as("admin"))
                        .header("If-Match", etag)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(quota.formatted("3 weeks")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.notebookIdleLimit").value(containsString("'3weeks' is not a duration")));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(
                                "/api/v1/tenants/recsys/quota")
                        .with(ApiAuthorizationMatrixTest.as("admin"))
                        .header("If-Match", etag)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(quota.formatted("never")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.notebookIdleLimit").value("never"));
    }

    @Test
    void aRetriedPostWithTheSameIdempotencyKeyCreatesOneWorkload() throws Exception {
        int before = nlpWorkloads();
        String body = ApiAuthorizationMatrixTest.notebook("nlp", "idem-1");
        String first = mvc.perform(post("/api/v1/workloads")
                        .with(ApiAuthorizationMatrixTest.as("member"))
                        .header("Idempotency-Key", "pipeline-run-42")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", containsString("/api/v1/workloads/")))
                .andReturn()
                .getResponse()
                .getHeader("Location");
        mvc.perform(post("/api/v1/workloads")
                        .with(ApiAuthorizationMatrixTest.as("member"))
                        .header("Idempotency-Key", "pipeline-run-42")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isOk())
                .andExpect(header().string("Location", first));
        org.assertj.core.api.Assertions.assertThat(nlpWorkloads()).isEqualTo(before + 1);
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(first)
                        .with(ApiAuthorizationMatrixTest.as("member")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.url").value("http://localhost/t/nlp/notebooks/idem-1/"));
    }

    @Test
    void overQuotaIsAConflictWithTheSameReasonTheUiShows() throws Exception {
        mvc.perform(post("/api/v1/workloads")
                        .with(ApiAuthorizationMatrixTest.as("member"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(ApiAuthorizationMatrixTest.notebook("nlp", "huge")
                                .replace("\"mig-1g.10gb\",\"gpuCount\":1", "\"h100-80gb\",\"gpuCount\":8")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://gpu-portal.dev/problems/over-quota"))
                .andExpect(jsonPath("$.detail")
                        .value(containsString("Needs 8 GPU (8 H100) for 8 × H100; tenant nlp has")));
    }

    @Test
    void aBrowserSessionAloneIsNotAcceptedOnTheApi() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(get("/api/v1/tenants").session(session)).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer not-a-token"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("https://gpu-portal.dev/problems/unauthenticated"));
    }

    @Autowired
    javax.sql.DataSource dataSource;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    @Test
    void aSubmissionThatCannotGetItsTenantsQuotaInTimeIsA503WithRetryAfter() throws Exception {
        int before = nlpWorkloads();
        var locked = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        var holder = java.util.concurrent.Executors.newSingleThreadExecutor();
        var held = holder.submit(() -> new org.springframework.transaction.support.TransactionTemplate(transactions)
                .executeWithoutResult(tx -> {
                    new org.springframework.jdbc.core.JdbcTemplate(dataSource)
                            .queryForList("select q.tenant_id from tenant_quota q join tenant t on t.id = q.tenant_id"
                                    + " where t.slug = 'nlp' for update");
                    locked.countDown();
                    try {
                        release.await(60, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
        try {
            org.assertj.core.api.Assertions.assertThat(locked.await(20, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();
            mvc.perform(post("/api/v1/workloads")
                            .with(ApiAuthorizationMatrixTest.as("member"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(ApiAuthorizationMatrixTest.notebook("nlp", "behind-a-lock")))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string("Retry-After", "1"))
                    .andExpect(header().string("Content-Type", containsString("application/problem+json")))
                    .andExpect(jsonPath("$.type").value("https://gpu-portal.dev/problems/busy"))
                    .andExpect(jsonPath("$.detail").value(containsString("try again in a moment")));
        } finally {
            release.countDown();
            held.get(30, java.util.concurrent.TimeUnit.SECONDS);
            holder.shutdown();
        }
        org.assertj.core.api.Assertions.assertThat(nlpWorkloads()).isEqualTo(before);
    }
}
