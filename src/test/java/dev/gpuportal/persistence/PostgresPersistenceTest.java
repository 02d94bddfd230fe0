package dev.gpuportal.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The persistence contract on a real PostgreSQL server (binaries from Maven Central, started for the test JVM). */
@SpringBootTest(properties = {PersistenceContract.RECORD_STATEMENTS, PersistenceContract.NO_RESYNC})
class PostgresPersistenceTest extends PersistenceContract {

    private static EmbeddedPostgres postgres;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> server().getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start the embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is exiting anyway
                }
            }));
        }
        return postgres;
    }

    @Override
    String expectedDatabase() {
        return "PostgreSQL";
    }

    @Override
    String openSessionsQuery() {
        return "select pid from pg_stat_activity where datname = current_database()";
    }

    @Override
    String jsonParameter() {
        return "cast(? as jsonb)";
    }
}
