package io.agentstore.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An export read back by the tests: its header, its rows per table, and rewrites with a new checksum. */
record ExportFile(JsonNode header, Map<String, List<JsonNode>> rows) {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static List<String> lines(byte[] file) {
        String text = new String(file, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        return new ArrayList<>(List.of(text.substring(0, text.length() - 1).split("\n", -1)));
    }

    static ExportFile parse(byte[] file) {
        try {
            List<String> lines = lines(file);
            JsonNode header = MAPPER.readTree(lines.get(0));
            Map<String, List<JsonNode>> rows = new LinkedHashMap<>();
            List<JsonNode> current = null;
            for (String line : lines.subList(1, lines.size() - 1)) {
                JsonNode node = MAPPER.readTree(line);
                if (node.isObject()) {
                    current = new ArrayList<>();
                    rows.put(node.get("table").asText(), current);
                } else {
                    current.add(semantic((ArrayNode) node));
                }
            }
            return new ExportFile(header, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A row with its JSON texts parsed, so that two engines' spellings of one value compare equal
     * (PostgreSQL's jsonb orders keys and spaces them its own way).
     */
    private static JsonNode semantic(ArrayNode row) {
        ArrayNode out = MAPPER.createArrayNode();
        for (JsonNode v : row) {
            if (v.isTextual() && (v.asText().startsWith("{") || v.asText().startsWith("["))) {
                try {
                    out.add(MAPPER.readTree(v.asText()));
                    continue;
                } catch (IOException notJson) {
                    // a text that only starts like JSON
                }
            }
            out.add(v);
        }
        return out;
    }

    /** The file with its lines changed by {@code edit} and its end line's count and checksum made to fit again. */
    static byte[] rewrite(byte[] file, java.util.function.Consumer<List<String>> edit) {
        try {
            List<String> lines = lines(file);
            lines.remove(lines.size() - 1);
            edit.accept(lines);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            StringBuilder out = new StringBuilder();
            for (String l : lines) {
                out.append(l).append('\n');
            }
            byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
            long rows = 0;
            for (JsonNode t : MAPPER.readTree(lines.get(0)).get("tables")) {
                rows += t.get("rows").asLong();
            }
            String end = "{\"end\":{\"rows\":" + rows + ",\"sha256\":\""
                    + HexFormat.of().formatHex(sha.digest(body)) + "\"}}\n";
            return (out + end).getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
