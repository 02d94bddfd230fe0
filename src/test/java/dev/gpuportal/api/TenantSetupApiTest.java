package dev.gpuportal.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** Creating tenants through the API: quota defaults, members in the same call, refusals that name the field. */
@SpringBootTest
@AutoConfigureMockMvc
class TenantSetupApiTest {

    @Autowired
    MockMvc mvc;

    @Test
    void aTenantCreatedWithOnlyAGpuQuotaGetsTheDefaultLimits() throws Exception {
        mvc.perform(post("/api/v1/tenants")
                        .with(ApiAuthorizationMatrixTest.as("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"slug":"api-gpu-only","displayName":"GPU only","clusters":["demo"],
                                 "members":[{"type":"group","subject":"api-team","role":"member"}],
                                 "quota":{"gpus":"2.5"}}"""))
                .andExpect(status().isCreated());
        mvc.perform(get("/api/v1/tenants/api-gpu-only/quota").with(ApiAuthorizationMatrixTest.as("admin")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.gpus").value("5/2"))
                .andExpect(jsonPath("$.cpu").value("16"))
                .andExpect(jsonPath("$.memory").value("64Gi"))
                .andExpect(jsonPath("$.storage").value("500Gi"))
                .andExpect(jsonPath("$.maxWorkloads").value(10))
                .andExpect(jsonPath("$.warnings").isEmpty());
        mvc.perform(get("/api/v1/tenants/api-gpu-only/members").with(ApiAuthorizationMatrixTest.as("admin")))
                .andExpect(jsonPath("$[0].subject").value("api-team"));
    }

    @Test
    void aLimitOfZeroIsSavedWithAWarningThatSaysWhatItMeans() throws Exception {
        mvc.perform(post("/api/v1/tenants")
                        .with(ApiAuthorizationMatrixTest.as("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"slug\":\"api-zero\",\"displayName\":\"Zero\"}"))
                .andExpect(status().isCreated());
        String etag = mvc.perform(get("/api/v1/tenants/api-zero/quota").with(ApiAuthorizationMatrixTest.as("admin")))
                .andReturn()
                .getResponse()
                .getHeader("ETag");
        mvc.perform(put("/api/v1/tenants/api-zero/quota")
                        .with(ApiAuthorizationMatrixTest.as("admin"))
                        .header("If-Match", etag)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"gpus\":\"1\",\"cpu\":\"8\",\"memory\":\"32Gi\",\"storage\":\"100Gi\","
                                + "\"maxWorkloads\":0}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.maxWorkloads").value(0))
                .andExpect(jsonPath("$.warnings")
                        .value(hasItem("0 workloads: nobody in tenant api-zero can run anything")));
    }

    @Test
    void refusalsNameTheirFieldsAndCreateNothing() throws Exception {
        mvc.perform(post("/api/v1/tenants")
                        .with(ApiAuthorizationMatrixTest.as("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"slug":"api-dedicated","displayName":"Dedicated",
                                 "members":[{"type":"team","subject":"x"}]}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields['members[0].type']").value("group or user"));
        // a body of the wrong shape is refused as it is read, before any rule runs
        mvc.perform(post("/api/v1/tenants")
                        .with(ApiAuthorizationMatrixTest.as("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"slug":"api-dedicated","displayName":"Dedicated","quota":{"colour":"red"}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields['quota.colour']").value(containsString("Unknown field")));
        mvc.perform(post("/api/v1/tenants")
                        .with(ApiAuthorizationMatrixTest.as("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"slug":"api-dedicated","displayName":"Dedicated","clusters":["demo"],
                                 "isolationTier":"dedicated","kubernetesVersion":"v1.99.0",
                                 "members":[{"type":"group","subject":"dedicated-team"}],
                                 "quota":{"memory":"12 gigs"}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.isolationTier").value(containsString("No registered cluster can host")))
                .andExpect(jsonPath("$.fields.kubernetesVersion")
                        .value("Virtual clusters here run v1.37.x or v1.38.x, not v1.99.0"))
                .andExpect(jsonPath("$.fields['quota.memory']").value(containsString("'12 gigs' is not a size")));
        mvc.perform(get("/api/v1/tenants/api-dedicated").with(ApiAuthorizationMatrixTest.as("admin")))
                .andExpect(status().isNotFound());
    }

    @Test
    void onlyPlatformAdminsCreateTenants() throws Exception {
        mvc.perform(post("/api/v1/tenants")
                        .with(ApiAuthorizationMatrixTest.as("tenant-admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"slug\":\"api-not-mine\",\"displayName\":\"No\"}"))
                .andExpect(status().isForbidden());
    }
}
