package dev.gpuportal.api;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.testsupport.AsPlatformAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** What the GPU use pages do, over REST: restart on a suggestion, the metrics settings and the fleet. */
@SpringBootTest
@AutoConfigureMockMvc
class MetricsApiTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    MembershipService memberships;

    @BeforeEach
    void members() {
        AsPlatformAdmin.run(() -> {
            memberships.grant("nlp", SubjectType.USER, "tina", TenantRole.TENANT_ADMIN);
            memberships.grant("nlp", SubjectType.USER, "vic", TenantRole.VIEWER);
        });
    }

    @Test
    void withoutASuggestionARightSizeIsAConflictWithItsReasonAndOthersLearnNothing() throws Exception {
        String body = mvc.perform(post("/api/v1/workloads")
                        .with(ApiAuthorizationMatrixTest.as("member"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(ApiAuthorizationMatrixTest.notebook("nlp", "rs-none")))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        long id = Long.parseLong(body.replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
        mvc.perform(post("/api/v1/workloads/" + id + "/right-size").with(ApiAuthorizationMatrixTest.as("member")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(startsWith("No right-size suggestion. GPU metrics are not")));
        mvc.perform(post("/api/v1/workloads/" + id + "/right-size?window=year")
                        .with(ApiAuthorizationMatrixTest.as("member")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.window").value("One of hour, day, week"));
        mvc.perform(post("/api/v1/workloads/" + id + "/right-size").with(ApiAuthorizationMatrixTest.as("viewer")))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/workloads/" + id + "/right-size").with(ApiAuthorizationMatrixTest.as("other-tenant")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/workloads/" + id).with(ApiAuthorizationMatrixTest.as("member")))
                .andExpect(jsonPath("$.gpuProfile").value("mig-1g.10gb"));
    }

    @Test
    void adminsReadAndSetTheMetricsSettingsWithAMessagePerWrongField() throws Exception {
        mvc.perform(get("/api/v1/metrics/settings").with(ApiAuthorizationMatrixTest.as("admin")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.idleThresholdPercent").isNumber())
                .andExpect(jsonPath("$.products").value(hasItem("NVIDIA-H100-80GB-HBM3")));
        mvc.perform(put("/api/v1/metrics/settings")
                        .with(ApiAuthorizationMatrixTest.as("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"idleThresholdPercent\":0,\"idleMinutes\":\"soon\","
                                + "\"prices\":{\"NVIDIA-H100-80GB-HBM3\":-1,\"NVIDIA-L4\":\"cheap\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.idleThresholdPercent").value("Between 1 and 100 %"))
                .andExpect(jsonPath("$.fields.idleMinutes").value(startsWith("Enter a whole number of minutes")))
                .andExpect(jsonPath("$.fields['prices.NVIDIA-H100-80GB-HBM3']").value("A price cannot be negative"))
                .andExpect(jsonPath("$.fields['prices.NVIDIA-L4']").value(startsWith("'cheap' is not a number")));
        mvc.perform(get("/api/v1/metrics/settings").with(ApiAuthorizationMatrixTest.as("admin")))
                .andExpect(jsonPath("$.prices['NVIDIA-L4']").doesNotExist());
        try {
            mvc.perform(put("/api/v1/metrics/settings")
                            .with(ApiAuthorizationMatrixTest.as("admin"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"idleThresholdPercent\":7,\"idleMinutes\":45,"
                                    + "\"prices\":{\"NVIDIA-H100-80GB-HBM3\":3.6,\"NVIDIA-L4\":\"0.80\"}}"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.idleThresholdPercent").value(7))
                    .andExpect(jsonPath("$.prices['NVIDIA-L4']").value("0.8"));
            mvc.perform(get("/api/v1/metrics/settings").with(ApiAuthorizationMatrixTest.as("admin")))
                    .andExpect(jsonPath("$.idleMinutes").value(45))
                    .andExpect(jsonPath("$.prices['NVIDIA-H100-80GB-HBM3']").value("3.6"));
        } finally {
            mvc.perform(put("/api/v1/metrics/settings")
                            .with(ApiAuthorizationMatrixTest.as("admin"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"idleThresholdPercent\":5,\"idleMinutes\":120}"))
                    .andExpect(status().isOk());
        }
    }

    @Test
    void onlyPlatformAdminsSeeOrChangeTheSettingsAndTheFleet() throws Exception {
        for (String caller : new String[] {"tenant-admin", "member", "viewer", "other-tenant"}) {
            mvc.perform(get("/api/v1/metrics/settings").with(ApiAuthorizationMatrixTest.as(caller)))
                    .andExpect(status().isForbidden());
            mvc.perform(put("/api/v1/metrics/settings")
                            .with(ApiAuthorizationMatrixTest.as(caller))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"idleThresholdPercent\":99,\"idleMinutes\":1}"))
                    .andExpect(status().isForbidden());
            mvc.perform(get("/api/v1/fleet").with(ApiAuthorizationMatrixTest.as(caller)))
                    .andExpect(status().isForbidden());
        }
        mvc.perform(get("/api/v1/metrics/settings").with(ApiAuthorizationMatrixTest.as("admin")))
                .andExpect(jsonPath("$.idleThresholdPercent").value(not(99)));
    }

    @Test
    void theFleetShowsWhatTheNodesOfferEvenWithoutMetrics() throws Exception {
        mvc.perform(get("/api/v1/fleet").with(ApiAuthorizationMatrixTest.as("admin")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("NOT_CONFIGURED"))
                .andExpect(jsonPath("$.rows[?(@.gpuModel == 'NVIDIA-L4')].capacityExact")
                        .value(hasItem("8")));
    }
}
