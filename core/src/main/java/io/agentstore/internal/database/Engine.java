package io.agentstore.internal.database;

import io.agentstore.AgentStoreException;
import io.agentstore.StoreHealth;
import io.agentstore.StoreStats;
import io.agentstore.internal.shape.RenderedShapes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jooq.SQLDialect;

/**
 * What differs between database engines: opening configured connections, applying the
 * migrations, the transaction model ({@link #transactions}), and reading an engine's errors.
 * {@code SqliteEngine} (one file, one writer that group-commits every write on one connection)
 * and {@code PostgresEngine} (a server: every write is its own transaction on a pooled
 * connection). Nothing here is specific to one engine; what only one has (SQLite's log) stays
 * with that engine.
 */
public interface Engine extends AutoCloseable {

    SQLDialect dialect();

    /**
     * The engine's own connection and transaction model, built once the schema is migrated and
     * the shapes rendered: one writer with group commit on an SQLite file, a transaction per
     * operation on a server.
     */
    Transactions transactions(Transactions.Setup setup);

    /** Applies the schema migrations (idempotent). */
    void migrate();

    /**
     * Reading only, refuses a database that is not at this library's schema version (a store
     * opened read-only migrates nothing, so it can only be used at exactly that version).
     */
    void checkSchema();

    /** Opens a new connection with every per-connection setting applied. */
    Connection open(boolean writer) throws SQLException;

    /**
     * The statements that control a write transaction on this engine. {@code begin} must take
     * the write lock at once (SQLite: {@code BEGIN IMMEDIATE}), so a transaction never fails
     * half-way for want of a lock it could have waited for. {@code lockKey}, where the engine has
     * one (PostgreSQL), takes a lock named by one text parameter until the transaction ends: the
     * writers of one key (a memory key) then run one after the other, as SQLite's one writer does.
     */
    TransactionSql transactionSql();

    /**
     * Whether deleted content is overwritten with zeros on this connection from now on (SQLite's
     * {@code secure_delete}; nothing on engines where it is not the library's to choose).
     */
    default void secureDelete(Connection c, boolean on) throws SQLException {}

    /**
     * Gives the database's free pages back to the file system where the file allows it (SQLite
     * with incremental auto-vacuum), inside the write transaction on {@code c}; returns how many.
     */
    default long releaseFreePages(Connection c) throws SQLException {
        return 0;
    }

    /**
     * Copies the database that {@code snapshot} reads (a connection of
     * {@link Transactions#snapshot}) to a file; UNSUPPORTED where backups belong to the server's
     * own tools.
     */
    default io.agentstore.transfer.BackupReport backup(
            Connection snapshot, java.nio.file.Path target, io.agentstore.transfer.Progress progress)
            throws SQLException {
        throw io.agentstore.internal.Failures.of(
                io.agentstore.ErrorCode.UNSUPPORTED,
                "a file backup is made of an SQLite store; " + describe()
                        + " is backed up with the server's own tools (pg_dump, pg_basebackup), or exported");
    }

    /** Defers the foreign-key checks of the write transaction on {@code c} to its end (an import). */
    void deferForeignKeys(Connection c) throws SQLException;

    /**
     * Checks now the foreign keys deferred in the transaction on {@code c}: null if every row
     * names rows that exist, else words naming the first that does not.
     */
    String danglingReference(Connection c) throws SQLException;

    /** After rows were inserted with their own ids: the ids the database generates next follow them. */
    default void afterImport(Connection c) throws SQLException {}

    /** The database's size, pages and free pages, and its log's size, read on {@code c}. */
    StoreStats.Storage storage(Connection c) throws SQLException;

    /**
     * Every index on the store's tables, with the shapes whose plans read it (the engine's plan
     * check of each shape, on {@code c}).
     */
    List<IndexUse> indexUse(Connection c, RenderedShapes shapes) throws SQLException;

    /** The engine's plan check of every shape, on {@code c}, in registry order. */
    List<PlanVerdict> plans(Connection c, RenderedShapes shapes) throws SQLException;

    /** The newest schema version the database records (Flyway's history), read on {@code c}. */
    int schemaVersion(Connection c) throws SQLException;

    /** The connection pool's figures now, where the engine has a pool it can read. */
    default Optional<StoreHealth.Connections> pool() {
        return Optional.empty();
    }

    /**
     * The engine's integrity check of the whole database, on {@code c}: its problems (empty:
     * none), or null when the engine has none the library can run.
     */
    default List<String> integrityProblems(Connection c) throws SQLException {
        return null;
    }

    /**
     * One index: {@code unique} for a primary key or UNIQUE constraint, {@code foreignKey} when it
     * leads with a foreign key's column, {@code shapes} the ids of the shapes that read it,
     * {@code scans} the engine's own count of its scans or -1.
     */
    record IndexUse(String name, String table, boolean unique, boolean foreignKey, List<Integer> shapes, long scans) {}

    /** Transaction-control statements, prepared once per connection. */
    record TransactionSql(
            String begin,
            String commit,
            String rollback,
            String savepoint,
            String release,
            String rollbackTo,
            String lockKey) {}

    /** Whether an error is a UNIQUE or PRIMARY KEY violation (an id or key already taken). */
    boolean isUniqueViolation(SQLException e);

    /**
     * Whether a failed write transaction may be run again from the start: it lost a race with
     * another transaction (serialization failure, deadlock) and nothing of it was kept.
     */
    boolean isRetriable(SQLException e);

    /** Whether an error is a FOREIGN KEY violation (a referenced row does not exist). */
    boolean isForeignKeyViolation(SQLException e);

    /** Turns an engine error into the library's exception, naming what was being done. */
    AgentStoreException translate(SQLException e, String doing);

    /** A human-readable description of where the data lives. */
    String describe();

    @Override
    void close();
}
