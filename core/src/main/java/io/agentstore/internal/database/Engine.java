package io.agentstore.internal.database;

import io.agentstore.AgentStoreException;
import io.agentstore.StoreStats;
import io.agentstore.internal.shape.RenderedShapes;
import io.agentstore.internal.sqlite.SqliteEngine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jooq.SQLDialect;

/**
 * What differs between database engines: opening configured connections, applying the
 * migrations, the transaction model, and reading an engine's errors. {@link SqliteEngine} (one
 * file, one writer: the {@link Database} group-commits every write on one connection) and
 * {@code PostgresEngine} (a server: every write is its own transaction on a pooled connection).
 */
public interface Engine extends AutoCloseable {

    SQLDialect dialect();

    /**
     * Whether the engine takes one writer at a time (SQLite): the database then keeps one writer
     * connection and group-commits on it. Otherwise (PostgreSQL) every operation borrows a
     * connection and runs its own transaction, and the server orders concurrent writers.
     */
    boolean singleWriter();

    /** Applies the schema migrations (idempotent). */
    void migrate();

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

    /** How a checkpoint copies the write-ahead log into the database (SQLite's modes). */
    enum CheckpointMode {
        /** Copies what it can without waiting for anyone; the writer goes on meanwhile. */
        PASSIVE,
        /**
         * Copies everything, waiting for readers (up to the busy timeout), so that the next
         * commit writes the log from its beginning again, over the file's old frames.
         */
        RESTART,
        /** As RESTART, and cuts the log file to nothing (giving back what a burst made it grow to). */
        TRUNCATE
    }

    /** Copies committed pages from the write-ahead log into the database. */
    CheckpointResult checkpoint(Connection c, CheckpointMode mode) throws SQLException;

    /** Keeps the log file, once its content restarts, at most this long (where the engine has one). */
    default void limitLogFile(Connection writer, long bytes) throws SQLException {}

    /** The size of the write-ahead log on disk, in bytes (0 where there is none). */
    long walBytes();

    /**
     * Where the write-ahead log ends now (one read of the log's index), for {@link
     * #logPagesBetween} and {@link #logBytes}; -1 where the engine cannot tell.
     */
    default long logMark() {
        return -1;
    }

    /** How many pages were written to the log between two {@link #logMark}s, or -1 where unknown. */
    default long logPagesBetween(long before, long after) {
        return -1;
    }

    /**
     * The bytes of log written, as of {@code mark} (a {@link #logMark}), since the log last started
     * over from its beginning: what a checkpoint has to copy at most, and what the log's bounds are
     * kept on (the file itself may be longer, its tail left over from before). Without a mark, the
     * file's size.
     */
    default long logBytes(long mark) {
        return walBytes();
    }

    /** The database's size, pages and free pages, and its log's size, read on {@code c}. */
    StoreStats.Storage storage(Connection c) throws SQLException;

    /**
     * Every index on the store's tables, with the shapes whose plans read it (the engine's plan
     * check of each shape, on {@code c}).
     */
    List<IndexUse> indexUse(Connection c, RenderedShapes shapes) throws SQLException;

    /**
     * One index: {@code unique} for a primary key or UNIQUE constraint, {@code foreignKey} when it
     * leads with a foreign key's column, {@code shapes} the ids of the shapes that read it,
     * {@code scans} the engine's own count of its scans or -1.
     */
    record IndexUse(String name, String table, boolean unique, boolean foreignKey, List<Integer> shapes, long scans) {}

    /** What a checkpoint did: whether it was blocked, the frames in the log, the frames copied. */
    record CheckpointResult(boolean busy, int logFrames, int checkpointedFrames) {}

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
