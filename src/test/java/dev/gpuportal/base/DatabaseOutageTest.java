package dev.gpuportal.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;

class DatabaseOutageTest {

    @Test
    void thePoolTimingOutWhileTheDatabaseIsDownIsAnOutage() {
        var poolTimeout = new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 5000ms");
        assertThat(DatabaseOutage.causedBy(
                        new CannotCreateTransactionException("Could not open JPA EntityManager", poolTimeout)))
                .isTrue();
        assertThat(DatabaseOutage.causedBy(poolTimeout)).isTrue();
    }

    @Test
    void aConnectionCutMidQueryIsAnOutage() {
        var cut = new SQLException("An I/O error occurred while sending to the backend.", "08006");
        assertThat(DatabaseOutage.causedBy(new DataAccessResourceFailureException(
                        "could not execute", new JDBCConnectionException("x", cut))))
                .isTrue();
        assertThat(DatabaseOutage.causedBy(new RuntimeException(new SQLException("terminating connection", "57P01"))))
                .isTrue();
    }

    @Test
    void aRollbackThatFailsBecauseTheConnectionIsGoneIsAnOutage() {
        // What Spring throws when the server ended the connection mid-query (FATAL 57P01): the rollback's failure,
        // which replaces the query's own ("Application exception overridden by rollback exception").
        var rollback = new org.springframework.orm.jpa.JpaSystemException(new org.hibernate.TransactionException(
                "Unable to rollback against JDBC Connection", new SQLException("Connection is closed")));
        assertThat(DatabaseOutage.causedBy(rollback)).isTrue();
        var commit = new org.springframework.transaction.TransactionSystemException("Could not roll back");
        commit.initApplicationException(new SQLException("terminating connection", "57P01"));
        assertThat(DatabaseOutage.causedBy(commit)).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(DatabaseOutage.causedBy(new IllegalStateException("bug"))).isFalse();
        assertThat(DatabaseOutage.causedBy(
                        new DataIntegrityViolationException("duplicate", new SQLException("duplicate key", "23505"))))
                .isFalse();
        assertThat(DatabaseOutage.causedBy(new SQLException("syntax", "42601"))).isFalse();
    }
}
