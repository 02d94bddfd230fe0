package dev.gpuportal.api;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** Sharing limits through the API: read by members, set by admins, bad values refused at the field. */
@SpringBootTest
@AutoConfigureMockMvc
class SharingApiTest {

    @Autowired
    MockMvc mvc;

    @Test
    void onTheDemoClusterSharingIsOffAndTheAnswerSaysWhy() throws Exception {
        mvc.perform(get("/api/v1/tenants/recsys/quota/sharing").with(ApiAuthorizationMatrixTest.as("admin")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.active").value(false))
                .andExpect(jsonPath("$.whyOff").value(containsString("runs no queue manager")))
                .andExpect(jsonPath("$.borrowingLimit").value(""));
    }

    @Test
    void badLimitsAreRefusedAtTheFieldAndGoodOnesSaved() throws Exception {
        String etag = mvc.perform(
                        get("/api/v1/tenants/recsys/quota/sharing").with(ApiAuthorizationMatrixTest.as("admin")))
                .andReturn()
                .getResponse()
                .getHeader("ETag");
        mvc.perform(put("/api/v1/tenants/recsys/quota/sharing")
                        .with(ApiAuthorizationMatrixTest.as("admin"))
                        .header("If-Match", etag)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"borrowingLimit\":\"-1\",\"lendingLimit\":\"many\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.borrowingLimit").value(containsString("Cannot be negative")))
                .andExpect(jsonPath("$.fields.lendingLimit").value(containsString("'many' is not an amount")));
        mvc.perform(put("/api/v1/tenants/recsys/quota/sharing")
                        .with(ApiAuthorizationMatrixTest.as("admin"))
                        .header("If-Match", etag)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"borrowingLimit\":\"100000\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.borrowingLimit").value(containsString("other tenants of the cohort")));
        mvc.perform(put("/api/v1/tenants/recsys/quota/sharing")
                        .with(ApiAuthorizationMatrixTest.as("member"))
                        .header("If-Match", etag)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"borrowingLimit\":\"1\"}"))
                .andExpect(status().is4xxClientError());
        mvc.perform(put("/api/v1/tenants/recsys/quota/sharing")
                        .with(ApiAuthorizationMatrixTest.as("admin"))
                        .header("If-Match", etag)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"borrowingLimit\":\"1\",\"lendingLimit\":\"\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.borrowingLimit").value("1"))
                .andExpect(jsonPath("$.borrowing").value("1"))
                .andExpect(jsonPath("$.lending").value(org.hamcrest.Matchers.not("")));
    }
}
