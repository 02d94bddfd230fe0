package dev.gpuportal.persistence;

import java.util.ArrayList;
import java.util.List;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/** Keeps the SQL Hibernate sends from the current thread, so a test can say which columns a write touched. */
public class RecordedStatements implements StatementInspector {

    private static final ThreadLocal<List<String>> SENT = ThreadLocal.withInitial(ArrayList::new);

    @Override
    public String inspect(String sql) {
        SENT.get().add(sql);
        return sql;
    }

    /** The statements sent from this thread since the last call. */
    static List<String> drain() {
        List<String> sent = List.copyOf(SENT.get());
        SENT.get().clear();
        return sent;
    }
}
