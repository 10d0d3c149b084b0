package io.agentstore;

import io.agentstore.internal.Failures;

/**
 * The one exception type of the library. Unchecked; {@link #code()} says why, and the message
 * names the offending value.
 */
public final class AgentStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    static {
        Failures.install(AgentStoreException::new);
    }

    /** Only the library raises it (through {@link Failures}); users cannot forge one. */
    private AgentStoreException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    @Override
    public String toString() {
        return "AgentStoreException[" + code + "]: " + getMessage();
    }
}
