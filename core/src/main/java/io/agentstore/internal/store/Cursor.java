package io.agentstore.internal.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.agentstore.ErrorCode;
import io.agentstore.internal.Failures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque keyset cursors: the sort key of the last row of a page, tagged with the listing it belongs to. */
final class Cursor {

    private Cursor() {}

    static String encode(String listing, String... key) {
        ArrayNode a = Stored.MAPPER.createArrayNode();
        a.add(listing);
        for (String k : key) {
            a.add(k);
        }
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(a.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The key parts of a cursor of this listing; a cursor of another listing or garbage is INVALID_ARGUMENT. */
    static String[] decode(String listing, String cursor, int parts) {
        JsonNode a;
        try {
            a = Stored.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor));
        } catch (IOException | IllegalArgumentException e) {
            throw Failures.of(ErrorCode.INVALID_ARGUMENT, "not a cursor of " + listing + ": " + Check.quote(cursor), e);
        }
        if (a == null
                || !a.isArray()
                || a.size() != parts + 1
                || !listing.equals(a.get(0).asText())) {
            throw Failures.invalid("not a cursor of " + listing + ": " + Check.quote(cursor));
        }
        String[] out = new String[parts];
        for (int i = 0; i < parts; i++) {
            if (!a.get(i + 1).isTextual()) {
                throw Failures.invalid("not a cursor of " + listing + ": " + Check.quote(cursor));
            }
            out[i] = a.get(i + 1).asText();
        }
        return out;
    }
}
