package io.agentstore.adk;

import io.agentstore.memory.Namespaces;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * How ADK's names and ids, which may be any string, become agentstore's.
 *
 * <p>ADK identifies a session by (app name, user id, session id); agentstore's session ids are
 * global. A session this integration creates is stored under {@link #sessionKey} — a digest of
 * the three — so that the same session id under another user or app is another session; ADK's
 * id, app name and user id are kept as given in the session's metadata ({@code adk}). App names
 * and user ids become the session's app and user (which scope the {@code app:} and {@code user:}
 * state and the memory namespaces) through {@link #segment}: unchanged when they are namespace
 * segments (so stores written before the scoping read the same), else a digest.
 */
final class AdkIds {

    private AdkIds() {}

    /** The name itself when it can be a namespace segment, else {@code h-<sha-256 of it>} ({@link Namespaces#segmentOf}). */
    static String segment(String name) {
        return Namespaces.segmentOf("name", name);
    }

    /**
     * The stored session id of ADK's (app, user, session id): {@code adk-} and the first 128 bits
     * of the SHA-256 of the three, in URL-safe base64 (26 characters in all: every event row and
     * index entry carries it, so it is kept short). A collision could only make a create fail
     * with CONFLICT: a lookup also checks ADK's names in the session's metadata.
     */
    static String sessionKey(String appName, String userId, String sessionId) {
        // Length-prefixed, so that no two triples run together into the same text.
        String joined = appName.length() + ":" + appName + "|" + userId.length() + ":" + userId + "|" + sessionId;
        byte[] digest = digest(joined);
        return "adk-" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    }

    /** Whether an id could have been a session id of the build before the scoping (a namespace segment). */
    static boolean legacyId(String sessionId) {
        return segment(sessionId).equals(sessionId);
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
