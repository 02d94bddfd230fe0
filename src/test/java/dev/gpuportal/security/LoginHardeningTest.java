package dev.gpuportal.security;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The demo login checks CSRF tokens, and failed sign-ins are throttled: the form sends back to the sign-in page with
 * the wait, the API token endpoint answers 429.
 */
@SpringBootTest
@AutoConfigureMockMvc
class LoginHardeningTest {

    @Autowired
    MockMvc mvc;

    static MockHttpServletRequestBuilder login(String user, String password, String address) {
        return post("/login")
                .param("username", user)
                .param("password", password)
                .with(request -> {
                    request.setRemoteAddr(address);
                    return request;
                });
    }

    @Test
    void aLoginPostWithoutCsrfTokenSignsNobodyIn() throws Exception {
        mvc.perform(login("nina", "demo", "10.1.0.1")).andExpect(status().isForbidden());
        mvc.perform(login("nina", "demo", "10.1.0.1").with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(header().string(
                                "Location", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("error"))));
    }

    @Test
    void repeatedFailedSignInsSendBackToTheFormSayingHowLongToWait() throws Exception {
        for (int i = 0; i < LoginThrottle.PER_USER; i++) {
            mvc.perform(login("ravi", "wrong", "10.1.0.2").with(csrf()))
                    .andExpect(status().is3xxRedirection())
                    .andExpect(header().string("Location", org.hamcrest.Matchers.containsString("error")));
        }
        // even the right password is held back; the form says why and for how long
        mvc.perform(login("ravi", "demo", "10.1.0.2").with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(header().string("Location", org.hamcrest.Matchers.endsWith("/login?throttled=5")))
                .andExpect(header().exists("Retry-After"));
        // another address is not held back by these failures
        mvc.perform(login("ravi", "demo", "10.1.0.3").with(csrf())).andExpect(status().is3xxRedirection());
    }

    @Test
    void repeatedWrongDemoTokenRequestsAreAnsweredWith429() throws Exception {
        for (int i = 0; i < LoginThrottle.PER_USER; i++) {
            mvc.perform(post("/api/v1/demo-tokens")
                            .with(request -> {
                                request.setRemoteAddr("10.1.0.4");
                                return request;
                            })
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"username\":\"vera\",\"password\":\"guess-" + i + "\"}"))
                    .andExpect(status().isUnauthorized());
        }
        mvc.perform(post("/api/v1/demo-tokens")
                        .with(request -> {
                            request.setRemoteAddr("10.1.0.4");
                            return request;
                        })
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"vera\",\"password\":\"demo\"}"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After"))
                .andExpect(header().string("Content-Type", org.hamcrest.Matchers.containsString("problem+json")));
    }
}
