package dev.gpuportal.base;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure of the database itself (down, restarting, failing over, its connections cut or the pool waiting
 * past its timeout) from any other failure: the first is worth a retry shortly (503 with Retry-After), the second
 * is a bug (500).
 */
public final class DatabaseOutage {

    /** How long a client should wait before it tries again: about one restart of the database. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    public static final String REASON =
            "The database does not answer (it may be restarting); nothing was changed, try again in a few seconds";

    private DatabaseOutage() {}

    public static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof TransientDataAccessResourceException
                    || t instanceof QueryTimeoutException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && connectionState(sql.getSQLState())) {
                return true;
            }
            if (rollbackFailed(t)) {
                return true;
            }
            if (t instanceof TransactionSystemException tx
                    && tx.getApplicationException() != null
                    && causedBy(tx.getApplicationException())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A rollback that failed in the driver: only a connection that is gone refuses to roll back. Spring then throws
     * that failure instead of the query's own (which named the outage), so it has to count on its own.
     */
    private static boolean rollbackFailed(Throwable t) {
        return (t instanceof org.hibernate.TransactionException || t instanceof TransactionSystemException)
                && t.getCause() instanceof SQLException;
    }

    /** SQLSTATE class 08 (connection exception) and 57P0x (the server shutting down or not yet accepting). */
    private static boolean connectionState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }
}
