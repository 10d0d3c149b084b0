package io.agentstore;

/**
 * What a store tells a metrics system as it works: a tiny interface (HikariCP's metrics tracker
 * is the model) with a Micrometer implementation, {@code io.agentstore.micrometer.MicrometerMetrics};
 * install one with {@link StoreOptions#withMetrics}. With none installed (the default) the store
 * records nothing. Every method has an empty default, is called on the thread doing the work,
 * and must return quickly and not throw (a throw is logged and ignored).
 */
public interface StoreMetrics {

    /** The store opened: its engine ({@code sqlite} or {@code postgresql}) and gauges to read when asked. */
    default void opened(String dbSystem, Gauges gauges) {}

    /**
     * One statement executed: its query shape, the table it works on, the time it took, and
     * null or, if the engine refused it, the SQL state (or exception class) of the failure.
     */
    default void statement(String shape, String table, long nanos, String errorType) {}

    /**
     * One public operation (e.g. {@code memory.add}) returned: {@code outcome} is {@code ok}, the
     * name of the {@link ErrorCode} it failed with, or the class name of another exception.
     */
    default void operation(String operation, long nanos, String outcome) {}

    /**
     * One group commit (SQLite): how many callers' writes it carried, how long the commit took,
     * and how many pages it wrote to the write-ahead log (-1 if that could not be read; with
     * several processes writing one file, a commit another process makes in the moment after
     * this one may be counted with it).
     */
    default void groupCommit(int operations, long commitNanos, long logPages) {}

    /** How long one write waited in the group-commit queue before its transaction began. */
    default void queued(long nanos) {}

    /** One write-ahead-log checkpoint pass: its mode ({@code passive} or {@code truncate}) and duration. */
    default void checkpoint(String mode, long nanos) {}

    /**
     * How long one read that could not start at once waited for a read connection (none was
     * idle) or for its turn beside a busy writer. Reads that found a connection idle and the
     * writer idle are not reported (they did not wait).
     */
    default void readerWait(long nanos) {}

    /** Values a metrics system reads when it wants them. */
    interface Gauges {

        /** The write-ahead log's size on disk in bytes (0 on PostgreSQL). */
        long logBytes();

        /** Read connections in use now (SQLite; on PostgreSQL the pool's active connections, or -1). */
        int readersInUse();

        /** Reads waiting for a read connection now. */
        int readersWaiting();
    }
}
