package dev.gpuportal.persistence;

import org.springframework.boot.test.context.SpringBootTest;

/** The persistence contract on the embedded default's H2. */
@SpringBootTest(properties = {PersistenceContract.RECORD_STATEMENTS, PersistenceContract.NO_RESYNC})
class H2PersistenceTest extends PersistenceContract {

    @Override
    String expectedDatabase() {
        return "H2";
    }

    @Override
    String openSessionsQuery() {
        return "select session_id from information_schema.sessions";
    }

    @Override
    String jsonParameter() {
        return "? format json";
    }
}
