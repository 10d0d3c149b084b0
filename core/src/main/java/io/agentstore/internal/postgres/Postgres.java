package io.agentstore.internal.postgres;

import io.agentstore.ErrorCode;
import io.agentstore.StoreOptions;
import io.agentstore.internal.Failures;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Opening the PostgreSQL engine. The PostgreSQL driver, HikariCP and Flyway's PostgreSQL support
 * are optional dependencies of the core (a user of an SQLite file does not get them), brought by
 * {@code io.agentstore:agentstore-postgresql}; this class is the only way in to the classes that
 * need them, and names that artifact when they are missing.
 */
public final class Postgres {

    /** What any PostgreSQL store needs on the class path: a class of Flyway's PostgreSQL support. */
    private static final String[] MIGRATIONS = {
        "org.flywaydb.database.postgresql.PostgreSQLDatabaseType", "org.flywaydb:flyway-database-postgresql"
    };

    /** What a store opened by JDBC URL needs besides: the driver and the pool. */
    private static final String[][] POOLED = {
        {"org.postgresql.Driver", "org.postgresql:postgresql"},
        {"com.zaxxer.hikari.HikariDataSource", "com.zaxxer:HikariCP"}
    };

    private Postgres() {}

    /**
     * Fails with a message naming the missing artifact unless the PostgreSQL support is on the
     * class path ({@code pooled}: the library's own pool is needed too).
     */
    static void requireSupport(boolean pooled) {
        require(MIGRATIONS);
        if (pooled) {
            for (String[] needed : POOLED) {
                require(needed);
            }
        }
    }

    /** {@code needed}: a class, and the artifact that brings it. */
    private static void require(String[] needed) {
        try {
            Class.forName(needed[0], false, Postgres.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw Failures.of(
                    ErrorCode.STORAGE,
                    "cannot open a PostgreSQL store: " + needed[1] + " is not on the class path (add the "
                            + "dependency io.agentstore:agentstore-postgresql, which brings the PostgreSQL driver, "
                            + "HikariCP and Flyway's PostgreSQL support)",
                    e);
        }
    }

    /** The engine on a pool of the library's own (HikariCP), which it closes when the store closes. */
    public static PostgresEngine pooled(String jdbcUrl, String user, String password, StoreOptions options) {
        requireSupport(true);
        return PooledConnections.engine(jdbcUrl, user, password, options);
    }

    /**
     * The engine on the caller's data source; {@code owned} (or null) is closed with the engine.
     * Refuses a data source that is not PostgreSQL, naming the product.
     */
    public static PostgresEngine engine(DataSource ds, AutoCloseable owned, StoreOptions options, String where) {
        requireSupport(false);
        String product;
        String description;
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            product = md.getDatabaseProductName();
            description = PostgresEngine.describe(md);
        } catch (SQLException e) {
            throw Failures.of(
                    ErrorCode.STORAGE,
                    "cannot connect to the database" + where + " to open the store: " + e.getMessage(),
                    e);
        }
        if (!"PostgreSQL".equals(product)) {
            throw Failures.invalid("a DataSource store needs PostgreSQL, and this data source is "
                    + Failures.quote(product)
                    + ("SQLite".equals(product) ? " (open SQLite files with AgentStore.open(Path))" : ""));
        }
        return new PostgresEngine(ds, owned, options.busyTimeout(), description);
    }
}
