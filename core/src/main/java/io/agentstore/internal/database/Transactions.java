package io.agentstore.internal.database;

import io.agentstore.StoreHealth;
import io.agentstore.StoreMetrics;
import io.agentstore.StoreOptions;
import io.agentstore.StoreStats;
import io.agentstore.internal.shape.RenderedShapes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An engine's connection and transaction model: how a read gets a connection, how a write
 * becomes a committed transaction, and how both end on close. Each engine owns its own
 * ({@code SingleWriter} for an SQLite file, {@code ServerTransactions} for PostgreSQL);
 * {@link Database} only checks that the store is open and hands the work over.
 */
public interface Transactions extends AutoCloseable {

    /** What a transaction model is built from: the rendered shapes, who observes them, the options. */
    record Setup(RenderedShapes shapes, Observer observer, StoreOptions options, Statistics statistics) {}

    /** Runs read work on a library connection. */
    <T> T read(String doing, Work<T> work);

    /** Runs one write operation in a transaction and returns once it has committed. */
    <T> T write(String doing, Work<T> work);

    /**
     * Runs read work in one read-only transaction that sees one snapshot of the database
     * throughout (an export, a backup), on a connection of its own; writers go on meanwhile.
     */
    <T> T snapshot(String doing, Work<T> work);

    /**
     * Runs write work once, alone in a transaction of its own, and returns once it has committed.
     * Unlike {@link #write}, it is never run a second time (its work may consume a stream): a
     * failure rolls everything of it back and is thrown.
     */
    <T> T writeAlone(String doing, Work<T> work);

    /**
     * Copies the whole write-ahead log into the database and cuts it to nothing, with writes and
     * reads paused (SQLite); false if that could not be had within the busy timeout (another
     * process's reader holds the log). True where there is no log of the library's.
     */
    default boolean truncateLog() throws SQLException {
        return true;
    }

    /** The log size past which a writer copies the log out itself (SQLite's bound); empty where there is none. */
    default OptionalLong logLimitBytes() {
        return OptionalLong.empty();
    }

    /** The connections reads and writes go through now, where they are known. */
    default Optional<StoreHealth.Connections> connections() {
        return Optional.empty();
    }

    /** How many write transactions have committed since the store was opened. */
    long commits();

    /** How the writes were committed, for {@code AgentStore.stats()}. */
    StoreStats.Commits commitStats();

    /** The gauges the metrics may read while the store is open. */
    StoreMetrics.Gauges gauges();

    /**
     * Gives each kind of connection the library uses to the caller's check, one at a time (on a
     * single writer: the writer and every reader). For tests and diagnostics.
     */
    void forEachConnection(ConnectionCheck check) throws SQLException;

    /** A check run against one library connection. */
    @FunctionalInterface
    interface ConnectionCheck {
        void accept(Connection c, boolean writer) throws SQLException;
    }

    /**
     * Ends the model: later reads and writes fail CLOSED; what is in flight finishes or fails as
     * the model documents. Does not close the engine ({@link Database} does that next).
     */
    @Override
    void close();
}
