package io.agentstore;

import io.agentstore.internal.database.Database;
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
 * Every test runs against a real, fresh, migrated SQLite file in its own temporary directory
 * (WAL, locking and durability exist only on files).
 */
public abstract class StoreTestBase {

    @TempDir
    protected Path dir;

    /** The time every store of the test sees; tests move it by hand. */
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));

    private AgentStore store;
    private Database database;

    protected Path dbFile() {
        return dir.resolve("test.db");
    }

    /** The public store on the test file, opened on first use. */
    protected synchronized AgentStore store() {
        if (store == null) {
            store = AgentStore.open(dbFile(), options());
        }
        return store;
    }

    /** The options of the test's stores: the defaults, on the test's clock. */
    protected StoreOptions options() {
        return StoreOptions.defaults().withClock(clock);
    }

    /** The internal database on the test file (separate from {@link #store()}), opened on first use. */
    protected synchronized Database database() {
        if (database == null) {
            database = new Database(new SqliteEngine(dbFile(), options().busyTimeout()), options(), AllShapes.all());
        }
        return database;
    }

    /** A plain JDBC connection with SQLite's own defaults (foreign keys OFF), for inspecting the file. */
    protected Connection rawConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dbFile());
    }

    @AfterEach
    void closeStores() {
        if (store != null) {
            store.close();
        }
        if (database != null) {
            database.close();
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
