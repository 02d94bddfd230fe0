package dev.gpuportal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.workload.WorkloadService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** POST /workloads with a GPU need instead of a profile: the cheapest covering profile, or a 400 at the field. */
@SpringBootTest
@AutoConfigureMockMvc
class GpuNeedApiTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    WorkloadService workloads;

    @Test
    void aNeedOfTwentyGigabytesRunsOnTheThreeSlice() throws Exception {
        submit("need-20", "\"gpuNeed\":{\"memoryGb\":20}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.gpuProfile").value("mig-3g.40gb"));
        // a quarter GPU of compute is more than 1/7; 2g.20gb would do, but no node of the demo cluster offers it
        submit("need-quarter", "\"gpuNeed\":{\"memoryGb\":\"5 GB\",\"computeShare\":0.25}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.gpuProfile").value("mig-3g.40gb"));
        submit("need-small", "\"gpuNeed\":{\"memoryGb\":5}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.gpuProfile").value("mig-1g.10gb"));
    }

    @Test
    void aNeedBesideAProfileANeedNothingCoversOrAnUnreadableOneCreatesNothing() throws Exception {
        int before = nlpWorkloads();
        submit("both", "\"gpuProfile\":\"mig-1g.10gb\",\"gpuNeed\":{\"memoryGb\":20}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.gpuNeed").value("Give either a GPU profile or a GPU need, not both"));
        submit("count", "\"gpuCount\":2,\"gpuNeed\":{\"memoryGb\":20}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.gpuCount").value(startsWith("A GPU need picks the count itself")));
        submit("too-big", "\"gpuNeed\":{\"memoryGb\":90000}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields['gpuNeed.memoryGb']")
                        .value(startsWith("Nothing in the catalog your tenant may use covers 90000 GB")));
        submit("words", "\"gpuNeed\":{\"memoryGb\":\"about twenty\",\"computeShare\":\"lots\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields['gpuNeed.memoryGb']").value(startsWith("How much GPU memory")))
                .andExpect(jsonPath("$.fields['gpuNeed.computeShare']").exists());
        submit("object", "\"gpuNeed\":{\"memoryGb\":{\"gb\":20}}").andExpect(status().isBadRequest());
        submit("unknown", "\"gpuNeed\":{\"memoryGb\":20,\"colour\":\"red\"}").andExpect(status().isBadRequest());
        assertThat(nlpWorkloads()).isEqualTo(before);
    }

    @Test
    void anotherTenantsMemberCannotAskWhatANeedPicks() throws Exception {
        mvc.perform(post("/api/v1/workloads")
                        .with(ApiAuthorizationMatrixTest.as("other-tenant"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body("sneaky", "\"gpuNeed\":{\"memoryGb\":20}")))
                .andExpect(status().isForbidden());
    }

    private ResultActions submit(String name, String gpus) throws Exception {
        return mvc.perform(post("/api/v1/workloads")
                .with(ApiAuthorizationMatrixTest.as("member"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body(name, gpus)));
    }

    private static String body(String name, String gpus) {
        return """
                {"kind":"notebook","tenant":"nlp","name":"%s","image":"quay.io/jupyter/scipy-notebook:2026-11-02",
                 "cpu":"1","memory":"4Gi","workspace":"10Gi",%s}""".formatted(name, gpus);
    }

    private int nlpWorkloads() {
        return AsPlatformAdmin.call(() -> workloads.listOfTenant("nlp").size());
    }
}
