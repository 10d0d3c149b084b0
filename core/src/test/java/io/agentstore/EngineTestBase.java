package io.agentstore;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.postgres.PostgresEngine;
import io.agentstore.internal.sqlite.SqliteEngine;
import io.agentstore.internal.store.AllShapes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test's database on one engine: a real, fresh, migrated SQLite file in its own temporary
 * directory (WAL, locking and durability exist only on files), or a fresh schema on the tests'
 * PostgreSQL server ({@link TestPostgres}).
 */
public abstract class EngineTestBase {

    @TempDir
    protected Path dir;

    /** The time every store of the test sees; tests move it by hand. */
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));

    private AgentStore store;
    private Database database;
    private String schema;
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** The engine this test runs on. */
    protected abstract TestEngine engine();

    protected boolean onPostgres() {
        return engine() == TestEngine.POSTGRES;
    }

    /** The SQLite file of the test (SQLite only). */
    protected Path dbFile() {
        if (onPostgres()) {
            throw new IllegalStateException("a PostgreSQL test has no database file");
        }
        return dir.resolve("test.db");
    }

    /**
     * Whether the test needs a new, empty PostgreSQL schema (one it migrates itself) rather than
     * one with no rows that may already be at the current version.
     */
    protected boolean emptySchema() {
        return false;
    }

    /** The test's PostgreSQL schema, created on first use (PostgreSQL only). */
    protected synchronized String schema() {
        if (!onPostgres()) {
            throw new IllegalStateException("an SQLite test has no schema");
        }
        if (schema == null) {
            schema = emptySchema() ? TestPostgres.newSchema() : TestPostgres.cleanSchema();
        }
        return schema;
    }

    /** The public store on the test's database, opened on first use. */
    protected synchronized AgentStore store() {
        if (store == null) {
            store = openStore(options());
        }
        return store;
    }

    /**
     * Another store on the test's database, with the given options; the test closes it (or it is
     * closed after the test). On PostgreSQL it is opened by JDBC URL, through the library's pool.
     */
    protected AgentStore openStore(StoreOptions options) {
        AgentStore s = onPostgres()
                ? AgentStore.open(TestPostgres.url(schema()), "postgres", "postgres", options)
                : AgentStore.open(dbFile(), options);
        synchronized (opened) {
            opened.add(s);
        }
        return s;
    }

    /** The options of the test's stores: the defaults, on the test's clock. */
    protected StoreOptions options() {
        return StoreOptions.defaults().withClock(clock);
    }

    /** The internal database on the test's database (separate from {@link #store()}), opened on first use. */
    protected synchronized Database database() {
        if (database == null) {
            if (onPostgres()) {
                HikariConfig cfg = new HikariConfig();
                cfg.setJdbcUrl(TestPostgres.url(schema()));
                cfg.setUsername("postgres");
                cfg.setPassword("postgres");
                cfg.setMaximumPoolSize(options().poolSize());
                HikariDataSource pool = new HikariDataSource(cfg);
                database = new Database(
                        new PostgresEngine(pool, pool, options().busyTimeout(), "test schema " + schema()),
                        options(),
                        AllShapes.all());
            } else {
                database =
                        new Database(new SqliteEngine(dbFile(), options().busyTimeout()), options(), AllShapes.all());
            }
        }
        return database;
    }

    /**
     * A plain JDBC connection for inspecting the stored rows: on SQLite with SQLite's own
     * defaults (foreign keys OFF), on PostgreSQL in the test's schema.
     */
    protected Connection rawConnection() throws SQLException {
        if (onPostgres()) {
            return DriverManager.getConnection(TestPostgres.url(schema()), "postgres", "postgres");
        }
        return DriverManager.getConnection("jdbc:sqlite:" + dbFile());
    }

    /** SQL for a top-level member of a JSON column, as text, for inspecting rows by hand on either engine. */
    protected String jsonMember(String column, String member) {
        return onPostgres()
                ? "(" + column + " ->> '" + member + "')"
                : "json_extract(" + column + ", '$." + member + "')";
    }

    @AfterEach
    void closeStores() throws Exception {
        if (store != null) {
            store.close();
        }
        if (database != null) {
            database.close();
        }
        synchronized (opened) {
            for (AutoCloseable c : opened) {
                c.close();
            }
        }
        if (schema != null) {
            TestPostgres.giveBack(schema); // emptied for the next test, if its catalogue is the migrated one
        }
    }

    /** Every page of a keyset listing, following its cursors from the first page to the last. */
    protected static <T> List<Page<T>> walk(Function<String, Page<T>> listing) {
        List<Page<T>> pages = new ArrayList<>();
        String cursor = null;
        do {
            Page<T> page = listing.apply(cursor);
            pages.add(page);
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        return pages;
    }

    /** Every item of a keyset listing, in listing order, page after page. */
    protected static <T> List<T> allItems(Function<String, Page<T>> listing) {
        List<T> out = new ArrayList<>();
        walk(listing).forEach(p -> out.addAll(p.items()));
        return out;
    }
}
