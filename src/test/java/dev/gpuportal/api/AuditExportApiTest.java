package dev.gpuportal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.gpuportal.security.Authorities;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** GET /api/v1/audit.csv: the filtered audit log as CSV, for platform admins only. */
@SpringBootTest
@AutoConfigureMockMvc
class AuditExportApiTest {

    @Autowired
    MockMvc mvc;

    @Test
    void anAdminDownloadsTheFilteredEntriesAsCsv() throws Exception {
        byte[] body = mvc.perform(get("/api/v1/audit.csv")
                        .param("object", "tenant")
                        .param("action", "create")
                        .param("name", "NL")
                        .with(token("admin", true)))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();

        String csv = new String(body, StandardCharsets.UTF_8);
        assertThat(csv).startsWith("time,actor,action,object,key,tenant,changes,before,after\r\n");
        assertThat(csv.lines().skip(1))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains(",create,tenant,").containsIgnoringCase("nl"));
        assertThat(csv).contains("new: slug nlp;");
    }

    @Test
    void timesLeaveTheApiAsIso8601InUtc() throws Exception {
        String utc = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";
        mvc.perform(get("/api/v1/audit").param("limit", "5").with(token("admin", true)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].at").value(org.hamcrest.Matchers.matchesPattern(utc)));
        String csv = mvc.perform(get("/api/v1/audit.csv").with(token("admin", true)))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(csv.lines().skip(1))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).containsPattern("^" + utc + ","));
    }

    @Test
    void aDataScientistIsRefusedAndABadActionIsNamed() throws Exception {
        mvc.perform(get("/api/v1/audit.csv").with(token("nina", false, "nlp-team")))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/audit.csv").param("action", "explode").with(token("admin", true)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.action").value(org.hamcrest.Matchers.containsString("update")));
        mvc.perform(get("/api/v1/audit.csv")).andExpect(status().isUnauthorized());
    }

    private static RequestPostProcessor token(String user, boolean admin, String... groups) {
        return jwt().jwt(j -> j.claim("preferred_username", user).claim("sub", user))
                .authorities(Authorities.of(Set.of(groups), admin));
    }
}
