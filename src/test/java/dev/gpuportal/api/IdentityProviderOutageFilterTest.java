package dev.gpuportal.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationServiceException;

class IdentityProviderOutageFilterTest {

    final IdentityProviderOutageFilter filter =
            new IdentityProviderOutageFilter((request, response, status, type, detail) -> {
                response.setStatus(status.value());
                response.getWriter().write(type + ": " + detail);
            });

    @Test
    void aTokenThatCannotBeCheckedBecauseTheKeysDoNotLoadIs503WithRetryAfter() throws Exception {
        var response = new MockHttpServletResponse();

        filter.doFilter(new MockHttpServletRequest("GET", "/api/v1/workloads"), response, (request, ignored) -> {
            throw new AuthenticationServiceException("Couldn't retrieve remote JWK set: Connection refused");
        });

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("10");
        assertThat(response.getContentAsString()).startsWith("unavailable: The identity provider does not answer");
    }

    @Test
    void everythingElsePassesThrough() throws Exception {
        var response = new MockHttpServletResponse();

        filter.doFilter(
                new MockHttpServletRequest("GET", "/api/v1/workloads"),
                response,
                (request, answer) -> ((MockHttpServletResponse) answer).setStatus(204));

        assertThat(response.getStatus()).isEqualTo(204);
        assertThat(response.getHeader("Retry-After")).isNull();
    }
}
