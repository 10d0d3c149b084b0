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
 * schema refuses: CONSTRAINT; 40001, 40P01, 55P03, 57014 and a pool with no free connection
 * within the busy timeout: BUSY; class 08 (the connection), 53 (resources), 57 (the server
 * going away) and everything else: STORAGE.
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
    private static final boolean HIKARI = present("com.zaxxer.hikari.HikariDataSource");

    private static boolean present(String className) {
        try {
            Class.forName(className, false, PostgresEngine.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

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

    @Override
    public AgentStoreException translate(SQLException e, String doing) {
        ErrorCode code = classify(e);
        String detail = e.getMessage();
        if (code == ErrorCode.BUSY) {
            detail = description + " did not let this proceed within " + busyTimeout.toMillis() + " ms or lost a "
                    + "race with another transaction (" + detail + ")";
        }
        return Failures.of(code, doing + ": " + detail, e);
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
