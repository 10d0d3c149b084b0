package io.agentstore.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's own floor for small write transactions on this machine, without the library:
 * {@code threads} threads, each on its own plain JDBC connection, each running transactions of
 * one INSERT (a row with a text key and a JSON value into a table with a primary key and one
 * secondary index) and a COMMIT, for {@code seconds}. Prints the rate per thread count, for
 * comparing with the library's write scaling on the same server.
 * {@code java -cp benchmarks.jar io.agentstore.bench.ServerFloor <jdbc-url> <seconds> <threads,...>}
 */
public final class ServerFloor {

    private ServerFloor() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        double seconds = Double.parseDouble(args[1]);
        try (Connection c = DriverManager.getConnection(url, PgDatasets.USER, PgDatasets.PASSWORD);
                Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS server_floor");
            st.execute("CREATE TABLE server_floor (id text PRIMARY KEY, grp text NOT NULL, value jsonb NOT NULL)");
            st.execute("CREATE INDEX server_floor_grp ON server_floor (grp, id)");
        }
        for (String t : args[2].split(",")) {
            int threads = Integer.parseInt(t);
            AtomicLong ops = new AtomicLong();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            List<Thread> workers = new ArrayList<>();
            List<Exception> failures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String tag = "t" + threads + "-" + i;
                Thread w = new Thread(() -> {
                    try (Connection c = DriverManager.getConnection(url, PgDatasets.USER, PgDatasets.PASSWORD);
                            PreparedStatement ps =
                                    c.prepareStatement("INSERT INTO server_floor VALUES (?, ?, cast(? as jsonb))")) {
                        c.setAutoCommit(false);
                        for (long n = 0; System.nanoTime() < end; n++) {
                            ps.setString(1, tag + "-" + n);
                            ps.setString(2, "g" + (n % 100));
                            ps.setString(3, "{\"n\":" + n + "}");
                            ps.executeUpdate();
                            c.commit();
                            ops.incrementAndGet();
                        }
                    } catch (SQLException e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                });
                w.start();
                workers.add(w);
            }
            for (Thread w : workers) {
                w.join();
            }
            if (!failures.isEmpty()) {
                throw failures.get(0);
            }
            System.out.printf("%d threads: %,.0f commits/s%n", threads, ops.get() / seconds);
        }
    }
}
