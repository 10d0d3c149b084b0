package io.agentstore.internal.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentstore.Json;
import java.util.Locale;
import org.jooq.JSON;

/** JSON between the public {@link Json} (parsed when a caller asks) and the stored text of a JSON column. */
final class Stored {

    /** For trees only (cursors, dependency lists); thread-safe once configured. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Stored() {}

    /** An enum constant as the database stores it and messages spell it: its name in lower case. */
    static String text(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** Validated JSON text as a JSON column value. */
    static JSON json(String text) {
        return text == null ? null : JSON.valueOf(text);
    }

    /** A JSON column value, parsed only when the caller first asks for its tree. */
    static Json json(JSON stored) {
        return stored == null ? null : Json.lazy(stored.data());
    }
}
