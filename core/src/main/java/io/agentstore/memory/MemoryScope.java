package io.agentstore.memory;

import java.util.Locale;

/**
 * The scopes a session sees, in resolution order: a key in several scopes resolves to the first
 * of temp > session > user > app > project. A session handle reads all of them; it holds temp
 * values itself ({@link ScopedMemory#putTemp}), never in the database, so a {@code temp:}
 * namespace is refused by every write; it writes the session and user scopes; app and project
 * writes need an elevated handle.
 */
public enum MemoryScope {
    /** One turn, held in the handle, never persisted. */
    TEMP,
    SESSION,
    USER,
    APP,
    PROJECT;

    /** The first namespace segment of the scope ({@code session}, {@code user} …). */
    public String root() {
        return name().toLowerCase(Locale.ROOT);
    }
}
