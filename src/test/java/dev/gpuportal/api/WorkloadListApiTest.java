package dev.gpuportal.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.gpuportal.testsupport.AsPlatformAdmin;
import dev.gpuportal.workload.WorkloadService;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** The workload list of the API: the portal's query, with its filters, sorting, paging and rights. */
@SpringBootTest
@AutoConfigureMockMvc
class WorkloadListApiTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    WorkloadService workloads;

    @Test
    void filtersSortAndPagesInTheDatabaseWithATotal() throws Exception {
        String prefix = "ls-" + UUID.randomUUID().toString().substring(0, 6);
        for (String suffix : new String[] {"c", "a", "b"}) {
            mvc.perform(post("/api/v1/workloads")
                            .with(ApiAuthorizationMatrixTest.as("member"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(ApiAuthorizationMatrixTest.notebook("nlp", prefix + "-" + suffix)))
                    .andExpect(status().isCreated());
        }
        mvc.perform(get("/api/v1/workloads")
                        .param("q", prefix)
                        .param("sort", "name,asc")
                        .param("size", "2")
                        .with(ApiAuthorizationMatrixTest.as("member")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(3))
                .andExpect(jsonPath("$.items[0].name").value(prefix + "-a"))
                .andExpect(jsonPath("$.items[1].name").value(prefix + "-b"))
                .andExpect(jsonPath("$.items", hasSize(2)));
        mvc.perform(get("/api/v1/workloads")
                        .param("q", prefix)
                        .param("sort", "name,asc")
                        .param("size", "2")
                        .param("page", "1")
                        .with(ApiAuthorizationMatrixTest.as("member")))
                .andExpect(jsonPath("$.items[0].name").value(prefix + "-c"))
                .andExpect(jsonPath("$.items[0].gpuEquivalent").value("1/7"));
        mvc.perform(get("/api/v1/workloads")
                        .param("scope", "mine")
                        .param("kind", "notebook")
                        .param("profile", "mig-1g.10gb")
                        .with(ApiAuthorizationMatrixTest.as("member")))
                .andExpect(jsonPath("$.total", greaterThanOrEqualTo(3)))
                .andExpect(jsonPath("$.items[*].owner", everyItem(is("nina"))));
        mvc.perform(get("/api/v1/workloads")
                        .param("q", prefix)
                        .param("profile", "no-such-profile")
                        .with(ApiAuthorizationMatrixTest.as("member")))
                .andExpect(jsonPath("$.total").value(0));
        // leave nlp's workload count as it was for the other tests of this context
        AsPlatformAdmin.run(() -> workloads.listOfTenant("nlp").stream()
                .filter(w -> w.name().startsWith(prefix))
                .forEach(w -> workloads.delete(w.id())));
    }

    @Test
    void everyTenantsListIsForPlatformAdminsAndAnotherTenantsListTellsNothing() throws Exception {
        mvc.perform(get("/api/v1/workloads").param("scope", "all").with(ApiAuthorizationMatrixTest.as("member")))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/workloads").param("scope", "all").with(ApiAuthorizationMatrixTest.as("admin")))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/workloads").param("tenant", "nlp").with(ApiAuthorizationMatrixTest.as("other-tenant")))
                .andExpect(status().isNotFound());
    }

    @Test
    void unknownParametersValuesAreRefusedWithTheirField() throws Exception {
        mvc.perform(get("/api/v1/workloads").param("sort", "spec").with(ApiAuthorizationMatrixTest.as("member")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.sort").value(containsString("Sort by one of created")));
        mvc.perform(get("/api/v1/workloads").param("kind", "batch").with(ApiAuthorizationMatrixTest.as("member")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.kind").value("One of notebook, training, inference"));
        mvc.perform(get("/api/v1/workloads").param("scope", "everyone").with(ApiAuthorizationMatrixTest.as("member")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.scope").exists());
    }
}
