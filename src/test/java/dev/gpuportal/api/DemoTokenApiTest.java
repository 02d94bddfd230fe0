package dev.gpuportal.api;

import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** On the embedded default, demo people get API tokens from the portal itself, checked like any bearer token. */
@SpringBootTest
@AutoConfigureMockMvc
class DemoTokenApiTest {

    @Autowired
    MockMvc mvc;

    String token(String user, String password, int expectedStatus) throws Exception {
        String body = mvc.perform(post("/api/v1/demo-tokens")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}"))
                .andExpect(status().is(expectedStatus))
                .andReturn()
                .getResponse()
                .getContentAsString();
        return body.replaceAll("(?s).*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    @Test
    void aDemoTokenCarriesTheDemoPersonsRights() throws Exception {
        String nina = token("nina", "demo", 200);
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer " + nina))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].slug", hasItem("nlp")));
        mvc.perform(get("/api/v1/tenants/recsys").header("Authorization", "Bearer " + nina))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/audit").header("Authorization", "Bearer " + nina))
                .andExpect(status().isForbidden());

        String admin = token("admin", "demo", 200);
        mvc.perform(get("/api/v1/audit").header("Authorization", "Bearer " + admin))
                .andExpect(status().isOk());
    }

    @Test
    void wrongCredentialsAndForgedTokensAreRefused() throws Exception {
        token("nina", "not-demo", 401);
        token("mallory", "demo", 401);
        String nina = token("nina", "demo", 200);
        String[] parts = nina.split("\\.");
        String forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 4) + "AAAA." + parts[2];
        mvc.perform(get("/api/v1/tenants").header("Authorization", "Bearer " + forged))
                .andExpect(status().isUnauthorized());
    }
}
