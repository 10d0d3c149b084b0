package io.agentstore.internal.store;

import io.agentstore.AgentStoreException;
import io.agentstore.Json;
import io.agentstore.internal.Failures;
import io.agentstore.internal.db.converters.Timestamps;
import io.agentstore.memory.Namespaces;
import java.time.Instant;

/** Input rules, checked before anything reaches SQL. Every refusal names the value. Library use only. */
public final class Check {

    /** Longest id (session, user, app, project …), in UTF-16 chars. */
    static final int MAX_ID = 128;
    /** Longest serialised JSON value, in chars. */
    static final int MAX_JSON = 1 << 20;

    private Check() {}

    /** An identifier: 1..max chars, no control characters, no unpaired surrogates. */
    static String text(String what, String value, int max) {
        if (value == null) {
            throw Failures.invalid(what + " must not be null");
        }
        if (value.isEmpty() || value.length() > max) {
            throw Failures.invalid(what + " must be 1.." + max + " characters: " + quote(value));
        }
        if (value.isBlank()) {
            throw Failures.invalid(what + " must not be blank: " + quote(value));
        }
        return scan(what, value, Controls.REFUSED);
    }

    /**
     * Free text (prompts, error messages): up to max chars; tabs and line breaks allowed, other
     * control characters and unpaired surrogates refused (they would not survive UTF-8).
     */
    static String freeText(String what, String value, int max) {
        if (value == null) {
            throw Failures.invalid(what + " must not be null");
        }
        if (value.length() > max) {
            throw Failures.invalid(what + " must be at most " + max + " characters: " + quote(value));
        }
        return scan(what, value, Controls.LINE_BREAKS);
    }

    /** Which control characters a text may hold. */
    private enum Controls {
        REFUSED,
        LINE_BREAKS,
        ALLOWED
    }

    /**
     * The one scan for characters the store refuses: unpaired surrogates (no UTF-8 form: stored,
     * they would silently become another character) and the control characters {@code controls}
     * does not allow (JSON text may hold any: its serialiser escapes them).
     */
    private static String scan(String what, String value, Controls controls) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (controls != Controls.ALLOWED
                    && Character.isISOControl(c)
                    && !(controls == Controls.LINE_BREAKS && (c == '\n' || c == '\r' || c == '\t'))) {
                throw Failures.invalid(what + " must not contain control character U+" + String.format("%04X", (int) c)
                        + ": " + quote(value));
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw Failures.invalid(what + " contains an unpaired surrogate U+" + String.format("%04X", (int) c)
                        + " at " + i + ": " + quote(value));
            }
        }
        return value;
    }

    static String id(String what, String value) {
        return text(what, value, MAX_ID);
    }

    static String optionalId(String what, String value) {
        return value == null ? null : id(what, value);
    }

    /**
     * An id that forms a memory scope ({@code session:<id>}, {@code user:<id>}, {@code app:<name>},
     * {@code project:<id>}): an id within {@link #MAX_ID} that is also a namespace segment, so
     * that whatever a session is created with can always be scoped.
     */
    static String scopeId(String what, String value) {
        return Namespaces.checkSegment(what, id(what, value));
    }

    static String optionalScopeId(String what, String value) {
        return value == null ? null : scopeId(what, value);
    }

    static int limit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw Failures.invalid("limit must be 1.." + max + ": " + limit);
        }
        return limit;
    }

    /**
     * Names the referenced rows that a refused foreign key may have missed, leaving out the ones
     * not given: "task 't1' does not exist", "task 't1' or session 's1' does not exist".
     */
    static String missingReferences(String firstWhat, String first, String secondWhat, String second) {
        if (first == null) {
            return secondWhat + " " + quote(second) + " does not exist";
        }
        if (second == null) {
            return firstWhat + " " + quote(first) + " does not exist";
        }
        return firstWhat + " " + quote(first) + " or " + secondWhat + " " + quote(second) + " does not exist";
    }

    /** An instant the database can store: years 0000..9999. */
    static Instant instant(String what, Instant value) {
        if (value == null) {
            throw Failures.invalid(what + " must not be null");
        }
        if (!Timestamps.storable(value)) {
            throw Failures.invalid(what + " must be within " + Timestamps.MIN + " .. " + Timestamps.MAX + ": " + value);
        }
        return value;
    }

    /** A half-open time range [from, to) of storable instants. */
    static void range(Instant from, Instant to) {
        instant("from", from);
        instant("to", to);
        if (!from.isBefore(to)) {
            throw Failures.invalid("need from < to: " + from + ", " + to);
        }
    }

    /** A JSON value within the size limit; its text. */
    static String json(String what, Json value) {
        if (value == null) {
            throw Failures.invalid(what + " must not be null");
        }
        String text = value.text();
        if (text.length() > MAX_JSON) {
            throw Failures.invalid(what + " is " + text.length() + " characters of JSON; the limit is " + MAX_JSON);
        }
        scan(what, text, Controls.ALLOWED);
        JsonbRules.check(what, text);
        return text;
    }

    /** A JSON object within the size limit (null allowed: the caller decides what null means). */
    static String jsonObject(String what, Json value) {
        if (value == null) {
            return null;
        }
        String text = json(what, value);
        if (!value.isObject()) {
            throw Failures.invalid(what + " must be a JSON object: " + quote(text));
        }
        return text;
    }

    /** Quotes a value for an error message (see {@link AgentStoreException#quote}). */
    public static String quote(String value) {
        return Failures.quote(value);
    }
}
