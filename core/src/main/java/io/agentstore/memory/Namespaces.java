package io.agentstore.memory;

import io.agentstore.internal.Failures;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The rules of memory namespaces.
 *
 * <p>A namespace is 1 to {@value #MAX_DEPTH} segments joined by {@code :}; each segment is 1 or
 * more of {@code A–Z a–z 0–9 _ . @ + -}; the whole is at most {@value #MAX_LENGTH} characters.
 * Matching is exact and case-sensitive. A prefix selects whole segments: {@code user:alice}
 * selects {@code user:alice} and {@code user:alice:…}, never {@code user:alice2}. No character
 * is a wildcard. Namespaces under {@code temp} are turn-scoped and never persisted.
 */
public final class Namespaces {

    public static final int MAX_LENGTH = 512;
    public static final int MAX_DEPTH = 16;
    public static final char SEPARATOR = ':';

    private Namespaces() {}

    /** Returns the namespace if valid, else throws INVALID_ARGUMENT naming it and the rule it breaks. */
    public static String check(String namespace) {
        if (namespace == null) {
            throw Failures.invalid("namespace must not be null");
        }
        if (namespace.isEmpty() || namespace.length() > MAX_LENGTH) {
            throw Failures.invalid("namespace must be 1.." + MAX_LENGTH + " characters: " + Failures.quote(namespace));
        }
        int depth = 1;
        int segmentStart = 0;
        for (int i = 0; i < namespace.length(); i++) {
            char c = namespace.charAt(i);
            if (c == SEPARATOR) {
                if (i == segmentStart) {
                    throw Failures.invalid("namespace has an empty segment: " + Failures.quote(namespace));
                }
                depth++;
                segmentStart = i + 1;
            } else if (!allowed(c)) {
                throw Failures.invalid("namespace " + Failures.quote(namespace) + " contains "
                        + (Character.isISOControl(c) || Character.isSurrogate(c)
                                ? String.format("U+%04X", (int) c)
                                : "'" + c + "'")
                        + " at " + i + "; segments may hold only A-Z a-z 0-9 _ . @ + -");
            }
        }
        if (segmentStart == namespace.length()) {
            throw Failures.invalid("namespace has an empty segment: " + Failures.quote(namespace));
        }
        if (depth > MAX_DEPTH) {
            throw Failures.invalid(
                    "namespace has " + depth + " segments; at most " + MAX_DEPTH + ": " + Failures.quote(namespace));
        }
        return namespace;
    }

    /** Whether a character may appear in a segment. */
    public static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '.'
                || c == '@'
                || c == '+'
                || c == '-';
    }

    /**
     * A segment standing for any name (a user id, an app name, a run id from a framework):
     * the name itself when it can be a segment of at most 128 characters, else {@code h-} and
     * the SHA-256 of its UTF-8 bytes in hex. The same name always gives the same segment; null
     * is INVALID_ARGUMENT naming {@code what}.
     */
    public static String segmentOf(String what, String name) {
        if (name == null) {
            throw Failures.invalid(what + " must not be null");
        }
        if (!name.isEmpty() && name.length() <= 128 && name.chars().allMatch(c -> allowed((char) c))) {
            return name;
        }
        try {
            return "h-"
                    + HexFormat.of()
                            .formatHex(
                                    MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** Checks one segment (an id that will become part of a namespace). */
    public static String checkSegment(String what, String segment) {
        if (segment == null || segment.isEmpty()) {
            throw Failures.invalid(what + " must not be empty to form a namespace");
        }
        for (int i = 0; i < segment.length(); i++) {
            if (!allowed(segment.charAt(i))) {
                throw Failures.invalid(what + " " + Failures.quote(segment)
                        + " cannot be a namespace segment; segments may hold only A-Z a-z 0-9 _ . @ + -");
            }
        }
        return segment;
    }

    /** The namespace and each of its ancestors, shortest first: {@code a:b:c} → a, a:b, a:b:c. */
    public static List<String> prefixes(String namespace) {
        List<String> out = new ArrayList<>(4);
        for (int i = 0; i < namespace.length(); i++) {
            if (namespace.charAt(i) == SEPARATOR) {
                out.add(namespace.substring(0, i));
            }
        }
        out.add(namespace);
        return out;
    }

    /** The number of segments. */
    public static int depth(String namespace) {
        int d = 1;
        for (int i = 0; i < namespace.length(); i++) {
            if (namespace.charAt(i) == SEPARATOR) {
                d++;
            }
        }
        return d;
    }

    /** The first {@code depth} segments of a namespace (the namespace itself if it is shallower). */
    public static String truncate(String namespace, int depth) {
        int seen = 0;
        for (int i = 0; i < namespace.length(); i++) {
            if (namespace.charAt(i) == SEPARATOR && ++seen == depth) {
                return namespace.substring(0, i);
            }
        }
        return namespace;
    }

    /** Whether {@code namespace} is {@code prefix} or below it, on whole segments. */
    public static boolean isWithin(String namespace, String prefix) {
        return namespace.equals(prefix)
                || (namespace.length() > prefix.length()
                        && namespace.startsWith(prefix)
                        && namespace.charAt(prefix.length()) == SEPARATOR);
    }

    /** Whether a namespace is turn-scoped ({@code temp} or below). */
    public static boolean isTemp(String namespace) {
        return isWithin(namespace, "temp");
    }
}
