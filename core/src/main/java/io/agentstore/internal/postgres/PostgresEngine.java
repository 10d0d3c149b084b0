package io.agentstore.internal.postgres;

import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.StoreHealth;
import io.agentstore.StoreStats;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Engine;
import io.agentstore.internal.database.Migrations;
import io.agentstore.internal.database.Transactions;
import io.agentstore.internal.shape.RenderedShapes;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jooq.SQLDialect;

/**
 * PostgreSQL: a server shared by many processes. Connections come from the caller's
 * {@link DataSource} (a pool: every operation borrows one and gives it back); every write is
 * its own READ COMMITTED transaction, in which the library orders the writers of one row by the
 * row's lock (an {@code UPDATE … RETURNING}, or a writer's read {@code FOR UPDATE}), the writers
 * of one memory key by a transaction-scoped advisory lock on the key, and task claims by
 * {@code FOR UPDATE SKIP LOCKED}. A transaction that still loses a race (a serialization
 * failure, a deadlock) is run again from the start by the database; past its retries it fails
 * {@code BUSY}.
 *
 * <p>Errors are read from SQL states: 23505 unique and 23503 foreign key (which the stores turn
 * into CONFLICT and NOT_FOUND where that is what they mean), other class 23 and 22 values the
 * schema refuses: CONSTRAINT; 40001, 40P01 (past the retries), 55P03 (a lock not had within
 * {@code lock_timeout}), 57014 (a cancelled statement) and a pool with no free connection within
 * the busy timeout: BUSY; class 08 (the connection), 53 (resources), 57P01-57P03 (the server
 * going away) and everything else: STORAGE. {@link ServerTransactions} adds what its watchdog
 * did and commits whose outcome is unknown.
 */
public final class PostgresEngine implements Engine {

    /** The lock of one key: a 64-bit hash of the text, held until the transaction ends. */
    private static final TransactionSql TX = new TransactionSql(
            "BEGIN",
            "COMMIT",
            "ROLLBACK",
            "SAVEPOINT w",
            "RELEASE SAVEPOINT w",
            "ROLLBACK TO SAVEPOINT w",
            "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))");

    private final DataSource dataSource;
    private final AutoCloseable owned;
    private final Duration busyTimeout;
    private final String description;

    /**
     * An engine on a data source. {@code owned}, if not null, is closed with the engine (the
     * pool the library made for a JDBC URL).
     */
    public PostgresEngine(DataSource dataSource, AutoCloseable owned, Duration busyTimeout, String description) {
        this.dataSource = dataSource;
        this.owned = owned;
        this.busyTimeout = busyTimeout;
        this.description = description;
    }

    /** A description of a connection's server ("PostgreSQL database app at jdbc:postgresql://…"), with no password. */
    public static String describe(DatabaseMetaData md) throws SQLException {
        String url = md.getURL();
        int q = url == null ? -1 : url.indexOf('?');
        return "PostgreSQL database " + (q < 0 ? url : url.substring(0, q)) + " as " + md.getUserName();
    }

    @Override
    public Optional<StoreHealth.Connections> pool() {
        return HIKARI ? PooledConnections.connections(dataSource) : Optional.empty();
    }

    /** Whether HikariCP is there to be asked (a caller's DataSource may come without it). */
    private static final boolean HIKARI = Drivers.present("com.zaxxer.hikari.HikariDataSource");

    @Override
    public SQLDialect dialect() {
        return SQLDialect.POSTGRES;
    }

    /** A transaction per operation on a pooled connection; the server orders concurrent writers. */
    @Override
    public Transactions transactions(Transactions.Setup setup) {
        return new ServerTransactions(this, setup);
    }

    /**
     * A connection for one call, waiting at most {@code timeoutMillis} for it where the pool is
     * HikariCP (the library's own or the caller's); another {@code DataSource} waits as it is
     * configured to.
     */
    Connection borrow(long timeoutMillis) throws SQLException {
        Connection c = HIKARI ? PooledConnections.borrow(dataSource, timeoutMillis) : null;
        return c != null ? c : dataSource.getConnection();
    }

    /**
     * Where the watchdog gets a connection of its own: directly from the server for a HikariCP
     * pool configured by JDBC URL (the pool may be taken whole by the calls it watches), else
     * from the data source.
     */
    Callable<Connection> monitorSource() {
        Callable<Connection> direct = HIKARI ? PooledConnections.direct(dataSource) : null;
        return direct != null ? direct : dataSource::getConnection;
    }

    /**
     * Applies the migrations. Flyway holds a PostgreSQL advisory lock while it migrates, so
     * processes opening one new database at once migrate it once.
     */
    @Override
    public void migrate() {
        try {
            Flyway flyway = Migrations.flyway(dataSource, "postgresql");
            Migrations.refuseNewerSchema(flyway, description);
            flyway.migrate();
        } catch (FlywayException e) {
            throw Failures.of(ErrorCode.STORAGE, "cannot migrate " + description + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void checkSchema() {
        try {
            Migrations.requireCurrentSchema(Migrations.flyway(dataSource, "postgresql"), description);
        } catch (FlywayException e) {
            throw Failures.of(
                    ErrorCode.STORAGE, "cannot read the schema version of " + description + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Connection open(boolean writer) throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public TransactionSql transactionSql() {
        return TX;
    }

    @Override
    public StoreStats.Storage storage(Connection c) throws SQLException {
        return PostgresCatalog.storage(c);
    }

    @Override
    public List<IndexUse> indexUse(Connection c, RenderedShapes shapes) throws SQLException {
        return PostgresCatalog.indexUse(c, shapes);
    }

    @Override
    public List<io.agentstore.internal.database.PlanVerdict> plans(Connection c, RenderedShapes shapes)
            throws SQLException {
        return PostgresPlanCheck.check(c, shapes);
    }

    @Override
    public int schemaVersion(Connection c) throws SQLException {
        return PostgresCatalog.schemaVersion(c);
    }

    private static String state(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException se && se.getSQLState() != null) {
                return se.getSQLState();
            }
        }
        return "";
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return state(e).equals("23505");
    }

    @Override
    public boolean isForeignKeyViolation(SQLException e) {
        return state(e).equals("23503");
    }

    @Override
    public boolean isRetriable(SQLException e) {
        String s = state(e);
        return s.equals("40001") || s.equals("40P01");
    }

    /** Whether the server ended the connection or it broke (the transaction on it, if any, did not commit by itself). */
    static boolean isConnectionLoss(SQLException e) {
        String s = state(e);
        return s.startsWith("08") || s.equals("57P01") || s.equals("57P02") || s.equals("57P03");
    }

    @Override
    public AgentStoreException translate(SQLException e, String doing) {
        String s = state(e);
        String detail = e.getMessage();
        ErrorCode code = classify(e);
        if (s.equals("55P03")) {
            detail = "waited for a lock held by another transaction on " + description + " for longer than the busy"
                    + " timeout (" + busyTimeout.toMillis() + " ms, lock_timeout); nothing was written (" + detail
                    + ")";
        } else if (s.equals("57014")) {
            detail = description + " cancelled the statement (statement_timeout or a cancel request); nothing was"
                    + " written (" + detail + ")";
        } else if (s.equals("40001") || s.equals("40P01")) {
            detail = "lost a race with other transactions on " + description + " " + ServerTransactions.MAX_ATTEMPTS
                    + " times (" + detail + "); nothing was written";
        } else if (isConnectionLoss(e)) {
            detail = "lost the connection to " + description + " (" + detail + "); nothing was written";
        }
        return Failures.of(code, doing + ": " + detail, e);
    }

    /**
     * A failure to get a connection: the pool had none free within the busy timeout (BUSY: the
     * wait was for this process's pool, not for the server), or the server could not be reached.
     */
    AgentStoreException translateBorrow(SQLException e, String doing, long waitedMillis) {
        String s = state(e);
        if (refused(e) || !(e instanceof SQLTransientConnectionException)) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Failures.of(
                    ErrorCode.STORAGE,
                    doing + ": cannot connect to " + description + ": " + cause.getMessage() + "; nothing was written",
                    e);
        }
        if (s.startsWith("08")) {
            // The pool's wait ended with its last attempt to open or check a connection failing.
            return Failures.of(
                    ErrorCode.BUSY,
                    doing + ": no working connection to " + description + " within " + waitedMillis + " ms: the"
                            + " server did not answer in time (" + e.getCause().getMessage() + "); nothing was written",
                    e);
        }
        String pool = pool().map(p -> " (" + p.active() + " of " + p.maximum() + " in use by calls, " + p.waiting()
                        + " callers waiting)")
                .orElse("");
        String whose = owned != null
                ? "the store's own connection pool" + pool + " had no free connection"
                : "the DataSource given to the store" + pool + " gave no connection";
        return Failures.of(
                ErrorCode.BUSY,
                doing + ": " + whose + " within " + waitedMillis + " ms: the wait was for connections in this"
                        + " process, not for " + description + " (raise the pool's size or the busy timeout, or"
                        + " find what holds the connections); nothing was written",
                e);
    }

    /** Whether the server refused the connection (nothing listens: it is down) or its host is unknown. */
    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    static ErrorCode classify(SQLException e) {
        String s = state(e);
        if (s.equals("40001") || s.equals("40P01") || s.equals("55P03") || s.equals("57014")) {
            return ErrorCode.BUSY;
        }
        if (e instanceof SQLTransientConnectionException && !s.startsWith("08")) {
            return ErrorCode.BUSY; // the pool had no free connection within its timeout
        }
        if (s.startsWith("23") || s.startsWith("22")) {
            return ErrorCode.CONSTRAINT;
        }
        return ErrorCode.STORAGE;
    }

    @Override
    public void deferForeignKeys(Connection c) throws SQLException {
        PostgresCatalog.deferForeignKeys(c);
    }

    @Override
    public String danglingReference(Connection c) throws SQLException {
        return PostgresCatalog.danglingReference(c);
    }

    @Override
    public void afterImport(Connection c) throws SQLException {
        PostgresCatalog.followIdentities(c);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                // Closing the pool is best effort: every transaction has ended.
            }
        }
    }
}
