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

    /**
     * A value as the library's messages quote it: in single quotes, cut to 120 characters,
     * control characters escaped ({@code null} for null).
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("'");
        int n = Math.min(value.length(), 120);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('\'');
        if (value.length() > n) {
            sb.append("… (").append(value.length()).append(" chars)");
        }
        return sb.toString();
    }
}
