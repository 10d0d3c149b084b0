package io.agentstore.cli;

import io.agentstore.AgentStoreException;

/**
 * The exit codes scripts can rely on. A failure of the store maps by its {@code ErrorCode}; the
 * command line's own mistakes are picocli's usage error.
 */
final class ExitCode {

    private ExitCode() {}

    /** Done. */
    static final int OK = 0;
    /** The store or the machine failed (storage, an unexpected error). */
    static final int FAILED = 1;
    /** The command line was wrong (unknown option, missing argument): usage is printed. */
    static final int USAGE = 2;
    /** What was asked for does not exist (a session, a memory key, a file). */
    static final int NOT_FOUND = 3;
    /** A value or a file given was refused (not a valid export, an id of the wrong form). */
    static final int INVALID = 4;
    /** The target already holds what would be written (an import into a store with data). */
    static final int CONFLICT = 5;
    /** Something else holds the store (a restore onto an open file, a lock that did not come free). */
    static final int BUSY = 6;
    /** The store cannot do it (a backup of PostgreSQL, a write on a read-only open). */
    static final int UNSUPPORTED = 7;
    /** {@code check} found a problem. */
    static final int CHECK_FAILED = 8;

    static int of(AgentStoreException e) {
        return switch (e.code()) {
            case NOT_FOUND -> NOT_FOUND;
            case INVALID_ARGUMENT, CONSTRAINT -> INVALID;
            case CONFLICT -> CONFLICT;
            case BUSY -> BUSY;
            case UNSUPPORTED, FORBIDDEN -> UNSUPPORTED;
            default -> FAILED;
        };
    }
}
