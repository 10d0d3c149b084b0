package io.agentstore.internal.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.agentstore.StoreHealth;
import io.agentstore.StoreOptions;
import io.agentstore.internal.Failures;
import java.util.Optional;
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
