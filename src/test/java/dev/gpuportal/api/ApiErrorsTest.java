package dev.gpuportal.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.transaction.CannotCreateTransactionException;

class ApiErrorsTest {

    final ApiErrors errors = new ApiErrors();

    @Test
    void aDatabaseThatDoesNotAnswerIs503WithAReasonAndRetryAfter() {
        var answer = errors.unexpected(new CannotCreateTransactionException(
                "Could not open JPA EntityManager for transaction",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available")));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(answer.getBody().getType().toString()).endsWith("/unavailable");
        assertThat(answer.getBody().getDetail()).contains("database does not answer");
    }

    @Test
    void anyOtherFailureStays500WithoutDetails() {
        var answer = errors.unexpected(new IllegalStateException("secret internals"));

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getBody().getDetail()).doesNotContain("secret");
    }
}
