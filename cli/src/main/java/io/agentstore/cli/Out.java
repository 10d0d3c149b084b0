package io.agentstore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agentstore.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What a command prints: for people, aligned tables and "name: value" lines; with
 * {@code --json}, one JSON document on standard output for scripts. Messages about the work
 * (progress, what was written where) go to standard error, so that standard output is only the
 * result.
 */
final class Out {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One-line JSON: a table cell's value, a JSON Lines record. */
    static final ObjectMapper COMPACT = new ObjectMapper();

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--json", description = "Print the result as one JSON document (for scripts).")
    boolean json;

    /** Name, value, name, value…: a map in that order. */
    static Map<String, Object> fields(Object... nameValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], nameValue[i + 1]);
        }
        return m;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A message for the person at the terminal (standard error; not printed with --json). */
    void note(String message) {
        if (!json) {
            err().println(message);
            err().flush();
        }
    }

    /** One record: "name: value" lines, or a JSON object. */
    void record(Map<String, ?> fields) {
        if (json) {
            print(fields);
            return;
        }
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, ?> f : fields.entrySet()) {
            out().println(pad(f.getKey() + ":", width + 1) + " " + text(f.getValue()));
        }
        out().flush();
    }

    /**
     * Rows under a header (for people), or {@code {"items": [...], …extra}} (JSON). {@code extra}
     * (e.g. the next page's cursor) is printed after the table.
     */
    void table(List<String> columns, List<Map<String, ?>> rows, Map<String, ?> extra) {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("items", rows);
            doc.putAll(extra);
            print(doc);
            return;
        }
        int[] width = new int[columns.size()];
        List<String[]> cells = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            width[i] = columns.get(i).length();
        }
        for (Map<String, ?> row : rows) {
            String[] line = new String[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                line[i] = oneLine(text(row.get(columns.get(i))));
                width[i] = Math.max(width[i], line[i].length());
            }
            cells.add(line);
        }
        out().println(line(columns.toArray(String[]::new), width).toUpperCase(java.util.Locale.ROOT));
        cells.forEach(c -> out().println(line(c, width)));
        if (rows.isEmpty()) {
            out().println("(none)");
        }
        extra.forEach((k, v) -> {
            if (v != null) {
                out().println(k + ": " + text(v));
            }
        });
        out().flush();
    }

    void print(Object doc) {
        try {
            out().println(JSON.writeValueAsString(plain(doc)));
            out().flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the result as JSON", e);
        }
    }

    private static String line(String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            b.append(i == cells.length - 1 ? cells[i] : pad(cells[i], width[i]) + "  ");
        }
        return b.toString().stripTrailing();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** A long value cut for a table cell (the whole of it is in --json or a "show" command). */
    private static String oneLine(String s) {
        String flat = s.replace('\n', ' ').replace('\r', ' ');
        return flat.length() > 60 ? flat.substring(0, 59) + "…" : flat;
    }

    static String text(Object value) {
        Object v = plain(value);
        if (v == null) {
            return "";
        }
        if (v instanceof JsonNode node) {
            return node.isTextual() ? node.asText() : node.toString();
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            try {
                return COMPACT.writeValueAsString(v);
            } catch (JsonProcessingException e) {
                return String.valueOf(v);
            }
        }
        return String.valueOf(v);
    }

    /** Values as JSON would have them: times as ISO-8601 text, JSON values as trees, empties as null. */
    static Object plain(Object value) {
        if (value instanceof Optional<?> o) {
            return plain(o.orElse(null));
        }
        if (value instanceof java.util.OptionalLong o) {
            return o.isPresent() ? o.getAsLong() : null;
        }
        if (value instanceof java.util.OptionalDouble o) {
            return o.isPresent() ? o.getAsDouble() : null;
        }
        if (value instanceof Json j) {
            return j.tree();
        }
        if (value instanceof Instant
                || value instanceof Duration
                || value instanceof Enum<?>
                || value instanceof java.nio.file.Path) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(Out::plain).toList();
        }
        return value;
    }
}
