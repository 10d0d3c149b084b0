package io.agentstore.reliability;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Another process that takes the write lock of a file, says LOCKED, and holds it until its stdin closes. */
public final class LockHolder {

    private LockHolder() {}

    public static void main(String[] args) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
                Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 5000");
            st.execute("BEGIN IMMEDIATE");
            st.execute("INSERT INTO metrics (metric_name, metric_value) VALUES ('held by another process', 1)");
            System.out.println("LOCKED");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the lock until the parent closes our stdin
            }
            st.execute("ROLLBACK");
        }
    }
}
