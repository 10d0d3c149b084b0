package io.agentstore;

import io.agentstore.internal.Failures;

/**
 * The one exception type of the library. Unchecked; {@link #code()} says why, and the message
 * names the offending value.
 */
public final class AgentStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final boolean inDoubt;

    static {
        Failures.install(AgentStoreException::new);
    }

    /** Only the library raises it (through {@link Failures}); users cannot forge one. */
    private AgentStoreException(ErrorCode code, String message, Throwable cause, boolean inDoubt) {
        super(message, cause);
        this.code = code;
        this.inDoubt = inDoubt;
    }

    public ErrorCode code() {
        return code;
    }

    /**
     * Whether the failed write may have been committed all the same: its commit was on the way
     * to the server when the connection was lost or the server stopped answering, so the server
     * may have committed it and the answer never came (PostgreSQL; {@link ErrorCode#STORAGE}).
     * Read the written rows back before writing again. False for every other failure, which
     * wrote nothing.
     */
    public boolean inDoubt() {
        return inDoubt;
    }

    @Override
    public String toString() {
        return "AgentStoreException[" + code + (inDoubt ? ", in doubt" : "") + "]: " + getMessage();
    }
}
