package io.agentstore.internal;

import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import java.util.Objects;

/**
 * How the library (the core and its integrations) raises {@link AgentStoreException}, whose
 * constructor is not public: users cannot forge the library's errors. Not API.
 */
public final class Failures {

    /** Makes an exception; installed once by {@link AgentStoreException} itself. */
    @FunctionalInterface
    public interface Factory {
        AgentStoreException make(ErrorCode code, String message, Throwable cause, boolean inDoubt);
    }

    private static volatile Factory factory;

    private Failures() {}

    /** Called by {@link AgentStoreException}'s initialiser; a second call is refused. */
    public static synchronized void install(Factory f) {
        if (factory != null) {
            throw new IllegalStateException("the exception factory is installed once, by AgentStoreException");
        }
        factory = Objects.requireNonNull(f);
    }

    private static Factory factory() {
        Factory f = factory;
        if (f == null) {
            try {
                Class.forName(AgentStoreException.class.getName(), true, Failures.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            f = factory;
        }
        return f;
    }

    public static AgentStoreException of(ErrorCode code, String message) {
        return factory().make(code, message, null, false);
    }

    public static AgentStoreException of(ErrorCode code, String message, Throwable cause) {
        return factory().make(code, message, cause, false);
    }

    /** A write whose commit may have reached the database though its answer did not come back. */
    public static AgentStoreException inDoubt(ErrorCode code, String message, Throwable cause) {
        return factory().make(code, message, cause, true);
    }

    /** The value, or an {@link ErrorCode#INVALID_ARGUMENT} error naming {@code what} when it is null. */
    public static <T> T required(T value, String what) {
        if (value == null) {
            throw invalid(what + " must not be null");
        }
        return value;
    }

    /** An {@link ErrorCode#INVALID_ARGUMENT} error. */
    public static AgentStoreException invalid(String message) {
        return of(ErrorCode.INVALID_ARGUMENT, message);
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
