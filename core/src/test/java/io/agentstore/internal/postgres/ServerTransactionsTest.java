package io.agentstore.internal.postgres;

import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.EngineTestBase;
import io.agentstore.ErrorCode;
import io.agentstore.TestEngine;
import io.agentstore.internal.database.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A server's write transactions: a lost race is run again whole, and past its retries it is BUSY. */
class ServerTransactionsTest extends EngineTestBase {

    @Override
    protected TestEngine engine() {
        return TestEngine.POSTGRES;
    }

    @Test
    void aDeadlockedWriteIsRolledBackAndRunAgainSoBothWritesApplyOnce() throws Exception {
        Database db = database(); // migrates the schema first
        try (Connection c = rawConnection();
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)");
            st.execute("INSERT INTO counters VALUES (1, 0), (2, 0)");
        }
        CyclicBarrier bothHoldTheirFirstRow = new CyclicBarrier(2);
        AtomicInteger attempts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> a =
                    pool.submit(() -> db.write("a", c -> crossing(c.jdbc(), 1, 2, bothHoldTheirFirstRow, attempts)));
            Future<?> b =
                    pool.submit(() -> db.write("b", c -> crossing(c.jdbc(), 2, 1, bothHoldTheirFirstRow, attempts)));
            a.get(60, TimeUnit.SECONDS);
            b.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = rawConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT n FROM counters ORDER BY id")) {
            rs.next();
            assertThat(rs.getInt(1))
                    .as("row 1: one increment per write, none lost or doubled")
                    .isEqualTo(2);
            rs.next();
            assertThat(rs.getInt(1)).as("row 2").isEqualTo(2);
        }
        assertThat(attempts.get())
                .as("the loser of the deadlock ran a second time")
                .isEqualTo(3);
        assertThat(((ServerTransactions) db.transactions()).retries()).isEqualTo(1);
    }

    /** Increments row {@code first}, waits until the other transaction holds its first row, then increments {@code second}. */
    private static Void crossing(Connection c, int first, int second, CyclicBarrier barrier, AtomicInteger attempts)
            throws SQLException {
        int attempt = attempts.incrementAndGet();
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE counters SET n = n + 1 WHERE id = " + first);
            if (attempt <= 2) {
                try {
                    barrier.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            st.executeUpdate("UPDATE counters SET n = n + 1 WHERE id = " + second);
        }
        return null;
    }

    @Test
    void aWriteThatLosesEveryRaceIsBusyAfterItsRetriesAndLeavesNothing() throws Exception {
        Database db = database(); // migrates the schema first
        try (Connection c = rawConnection();
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE marks (n int NOT NULL)");
        }
        AtomicInteger attempts = new AtomicInteger();
        assertFails(
                ErrorCode.BUSY,
                () -> db.write("always losing", c -> {
                    attempts.incrementAndGet();
                    try (Statement st = c.jdbc().createStatement()) {
                        st.executeUpdate("INSERT INTO marks VALUES (1)");
                    }
                    throw new SQLException("could not serialize access", "40001");
                }),
                "always losing",
                "lost a race");
        assertThat(attempts.get()).isEqualTo(8);
        try (Connection c = rawConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM marks")) {
            rs.next();
            assertThat(rs.getInt(1)).as("every attempt was rolled back").isZero();
        }
    }

    @Test
    void sqlStatesMapToTheErrorCodesOfSqlite() {
        assertThat(PostgresEngine.classify(new SQLException("dup", "23505"))).isEqualTo(ErrorCode.CONSTRAINT);
        assertThat(PostgresEngine.classify(new SQLException("fk", "23503"))).isEqualTo(ErrorCode.CONSTRAINT);
        assertThat(PostgresEngine.classify(new SQLException("check", "23514"))).isEqualTo(ErrorCode.CONSTRAINT);
        assertThat(PostgresEngine.classify(new SQLException("bad json", "22P02")))
                .isEqualTo(ErrorCode.CONSTRAINT);
        assertThat(PostgresEngine.classify(new SQLException("serialization", "40001")))
                .isEqualTo(ErrorCode.BUSY);
        assertThat(PostgresEngine.classify(new SQLException("deadlock", "40P01")))
                .isEqualTo(ErrorCode.BUSY);
        assertThat(PostgresEngine.classify(new SQLException("lock timeout", "55P03")))
                .isEqualTo(ErrorCode.BUSY);
        assertThat(PostgresEngine.classify(new SQLException("statement timeout", "57014")))
                .isEqualTo(ErrorCode.BUSY);
        assertThat(PostgresEngine.classify(new SQLTransientConnectionException("pool: request timed out")))
                .isEqualTo(ErrorCode.BUSY);
        assertThat(PostgresEngine.classify(new SQLException("connection lost", "08006")))
                .isEqualTo(ErrorCode.STORAGE);
        assertThat(PostgresEngine.classify(new SQLTransientConnectionException("server down", "08001")))
                .isEqualTo(ErrorCode.STORAGE);
        assertThat(PostgresEngine.classify(new SQLException("disk full", "53100")))
                .isEqualTo(ErrorCode.STORAGE);
        assertThat(PostgresEngine.classify(new SQLException("shutting down", "57P01")))
                .isEqualTo(ErrorCode.STORAGE);
    }
}
