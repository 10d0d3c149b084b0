package io.agentstore;

/**
 * The one exception type of the library. Unchecked; {@link #code()} says why, and the message
 * names the offending value.
 */
public class AgentStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public AgentStoreException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public AgentStoreException(ErrorCode code, String message, Throwable cause) {
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

    /** Shorthand for an {@link ErrorCode#INVALID_ARGUMENT} error. */
    public static AgentStoreException invalid(String message) {
        return new AgentStoreException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
