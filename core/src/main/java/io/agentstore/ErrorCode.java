package io.agentstore;

/** Why an {@link AgentStoreException} was thrown; chosen from the cause, never guessed. */
public enum ErrorCode {
    /** The addressed session, memory, task … does not exist. */
    NOT_FOUND,
    /** The state changed under the caller: an expected version did not match, an id is taken, a transition is illegal. */
    CONFLICT,
    /** The caller's input breaks a documented rule (syntax, size, range, enum value); nothing was sent to the database. */
    INVALID_ARGUMENT,
    /** The database refused the write through one of its constraints (CHECK, UNIQUE, FOREIGN KEY, NOT NULL). */
    CONSTRAINT,
    /** The caller is not allowed to do this in its scope (for example, a session handle writing an app scope). */
    FORBIDDEN,
    /**
     * The database did not let the operation proceed within the busy timeout: a lock held by
     * another connection or process, no free connection, a PostgreSQL server that did not answer;
     * nothing was written, and calling again later is safe.
     */
    BUSY,
    /**
     * The operation is not one this store's engine offers (a file backup of a PostgreSQL store,
     * whose backups belong to the server's tools); nothing was done.
     */
    UNSUPPORTED,
    /** The store was closed. */
    CLOSED,
    /**
     * Storage failure: I/O error, corruption, disk full, a lost or refused connection to the
     * server, or a bug. Nothing was written unless {@link AgentStoreException#inDoubt()} says the
     * commit may have reached the server.
     */
    STORAGE
}
