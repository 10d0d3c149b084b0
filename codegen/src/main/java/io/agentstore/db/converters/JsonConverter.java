package io.agentstore.db.converters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jooq.impl.AbstractConverter;

/** Maps every JSON column (TEXT holding valid JSON) to a Jackson tree. */
public final class JsonConverter extends AbstractConverter<String, JsonNode> {

    private static final long serialVersionUID = 1L;

    /** Shared, thread-safe once configured; used only for trees (no data binding). */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    public JsonConverter() {
        super(String.class, JsonNode.class);
    }

    @Override
    public JsonNode from(String databaseObject) {
        if (databaseObject == null) {
            return null;
        }
        try {
            return MAPPER.readTree(databaseObject);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored JSON does not parse: " + abbreviate(databaseObject), e);
        }
    }

    @Override
    public String to(JsonNode userObject) {
        if (userObject == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(userObject);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("JSON tree does not serialise", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
