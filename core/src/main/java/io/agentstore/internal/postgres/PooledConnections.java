package io.agentstore.internal.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import io.agentstore.StoreHealth;
import io.agentstore.StoreOptions;
import io.agentstore.internal.Failures;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import javax.sql.DataSource;

/** The library's own HikariCP pool for a store opened by JDBC URL (loaded only once HikariCP is known to be there). */
final class PooledConnections {

    private PooledConnections() {}

    /** A HikariCP pool's figures now (the library's own pool or a caller's); empty for another DataSource or a pool not started. */
    static Optional<StoreHealth.Connections> connections(DataSource ds) {
        if (!(ds instanceof HikariDataSource hikari)) {
            return Optional.empty();
        }
        HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
        if (pool == null) {
            return Optional.empty();
        }
        return Optional.of(new StoreHealth.Connections(
                pool.getActiveConnections(),
                pool.getIdleConnections(),
                pool.getTotalConnections(),
                hikari.getMaximumPoolSize(),
                pool.getThreadsAwaitingConnection()));
    }

    /**
     * A connection from a HikariCP pool within {@code timeoutMillis} (the time left of the call's
     * busy timeout, whatever the pool's own connection timeout); null if the data source is not
     * a running HikariCP pool.
     */
    static Connection borrow(DataSource ds, long timeoutMillis) throws SQLException {
        if (ds instanceof HikariDataSource hikari
                && !hikari.isClosed()
                && hikari.getHikariPoolMXBean() instanceof HikariPool pool) {
            return pool.getConnection(timeoutMillis);
        }
        return null;
    }

    /**
     * Where the watchdog gets its own connection to a HikariCP pool's server: a connection of
     * its own, outside the pool (which the calls it watches may have taken whole); null if the
     * pool is not configured by JDBC URL.
     */
    static Callable<Connection> direct(DataSource ds) {
        if (!(ds instanceof HikariDataSource hikari) || hikari.getJdbcUrl() == null) {
            return null;
        }
        String url = hikari.getJdbcUrl();
        Properties props = new Properties();
        props.putAll(hikari.getDataSourceProperties());
        if (hikari.getUsername() != null) {
            props.setProperty("user", hikari.getUsername());
        }
        if (hikari.getPassword() != null) {
            props.setProperty("password", hikari.getPassword());
        }
        props.setProperty("ApplicationName", "agentstore watchdog");
        props.setProperty("connectTimeout", "1");
        props.setProperty("loginTimeout", "1");
        return () -> DriverManager.getConnection(url, props);
    }

    static PostgresEngine engine(String jdbcUrl, String user, String password, StoreOptions options) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(jdbcUrl);
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setMaximumPoolSize(options.poolSize());
        cfg.setPoolName("agentstore");
        cfg.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // A borrow waits for a free connection at most the busy timeout (then BUSY), never less than Hikari allows.
        cfg.setConnectionTimeout(Math.max(250, options.busyTimeout().toMillis()));
        // Checking a connection idle for a while must not eat the busy timeout: a live server
        // answers in well under HikariCP's floor of 250 ms.
        cfg.setValidationTimeout(250);
        // A statement of the library's waits for a lock at most the busy timeout, then fails
        // 55P03 (BUSY) with its transaction rolled back (0 would mean: wait for ever).
        cfg.setConnectionInitSql(
                "SET lock_timeout = " + Math.max(1, options.busyTimeout().toMillis()));
        cfg.setInitializationFailTimeout(-1);
        cfg.setReadOnly(options.readOnly());
        HikariDataSource pool = new HikariDataSource(cfg);
        try {
            String where = " at " + Failures.quote(jdbcUrl.replaceAll("[?;].*", "?…"));
            return Postgres.engine(pool, pool, options, where);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }
}
