package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.VECTOR_SPACES;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Conn;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.database.Migrations;
import io.agentstore.internal.db.converters.Timestamps;
import io.agentstore.internal.shape.Param;
import io.agentstore.internal.store.TransferShapes.TableShapes;
import io.agentstore.transfer.ExportReport;
import io.agentstore.transfer.ImportOptions;
import io.agentstore.transfer.ImportReport;
import io.agentstore.transfer.Progress;
import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Converter;
import org.jooq.Field;
import org.jooq.JSON;

/**
 * The export and import of a whole store in agentstore's engine-neutral format (JSON Lines,
 * described in docs/backup.md): a header line (format, versions, engine, every table with its
 * columns and row count), then per table a line naming it and one JSON array per row, then an
 * end line with the row count and the SHA-256 of every byte before it. An export streams from one
 * snapshot; an import loads in one transaction that commits only once the end line has been read
 * and checked, so a cut, altered or foreign file leaves the store as it was.
 */
public final class Transfer {

    /** The {@code format} of the header line. */
    public static final String FORMAT = "agentstore-export";

    /** The version of the format this library writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    /** Rows an export asks the driver for at a time (PostgreSQL streams in a transaction). */
    private static final int FETCH = 1_000;

    /** Rows between two progress reports. */
    private static final int PROGRESS_EVERY = 1_000;

    /** The longest line an import accepts (a row with a large document or JSON value). */
    static final int MAX_LINE = 256 << 20;

    private static final JsonFactory JSON_FACTORY = JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE)
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxStringLength(MAX_LINE).build())
            .build();

    private static final Field<Integer> COUNT = TransferShapes.COUNT;

    private final Database db;

    Transfer(Database db) {
        this.db = db;
    }

    // ---------------------------------------------------------------- export

    /** Writes the whole store to {@code out} (not closed) from one snapshot. */
    public ExportReport export(OutputStream out, Progress progress) {
        Failures.required(out, "the output stream");
        Failures.required(progress, "the progress");
        long start = System.nanoTime();
        return db.snapshot("exporting the store", c -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            long sum = 0;
            for (TableShapes t : TransferShapes.TABLES) {
                long n = c.call(t.count()).one(r -> r.get(COUNT)).orElse(0);
                counts.put(t.name(), n);
                sum += n;
            }
            long total = sum;
            Counting counting = new Counting(out);
            DigestOutputStream digest = new DigestOutputStream(counting, sha256());
            try {
                JsonGenerator g = JSON_FACTORY.createGenerator(digest);
                g.setRootValueSeparator(null);
                writeHeader(g, counts);
                long done = 0;
                progress.update(0, total);
                for (TableShapes t : TransferShapes.TABLES) {
                    g.writeStartObject();
                    g.writeStringField("table", t.name());
                    g.writeNumberField("rows", counts.get(t.name()));
                    g.writeEndObject();
                    g.writeRaw('\n');
                    long[] written = {0};
                    long before = done;
                    long expected = counts.get(t.name());
                    c.call(t.export()).fetchSize(FETCH).forEach(row -> {
                        try {
                            g.writeStartArray();
                            for (Field<?> f : t.columns()) {
                                writeValue(g, f, row.get(f));
                            }
                            g.writeEndArray();
                            g.writeRaw('\n');
                        } catch (IOException e) {
                            throw cannotWrite(e);
                        }
                        if (++written[0] % PROGRESS_EVERY == 0) {
                            progress.update(before + written[0], total);
                        }
                    });
                    if (written[0] != expected) {
                        throw Failures.of(
                                ErrorCode.STORAGE,
                                "exporting the store: table " + t.name() + " counted " + expected + " rows and read "
                                        + written[0] + " in one snapshot");
                    }
                    done += written[0];
                    progress.update(done, total);
                }
                g.flush();
                digest.on(false);
                g.writeStartObject();
                g.writeObjectFieldStart("end");
                g.writeNumberField("rows", total);
                g.writeStringField(
                        "sha256",
                        HexFormat.of().formatHex(digest.getMessageDigest().digest()));
                g.writeEndObject();
                g.writeEndObject();
                g.writeRaw('\n');
                g.flush();
            } catch (IOException e) {
                throw cannotWrite(e);
            }
            return new ExportReport(
                    Migrations.SCHEMA_VERSION, counts, counting.count, Duration.ofNanos(System.nanoTime() - start));
        });
    }

    private void writeHeader(JsonGenerator g, Map<String, Long> counts) throws IOException {
        g.writeStartObject();
        g.writeStringField("format", FORMAT);
        g.writeNumberField("formatVersion", FORMAT_VERSION);
        g.writeNumberField("schemaVersion", Migrations.SCHEMA_VERSION);
        g.writeStringField("engine", engineName());
        g.writeStringField("exportedAt", Timestamps.format(db.now()));
        g.writeArrayFieldStart("tables");
        for (TableShapes t : TransferShapes.TABLES) {
            g.writeStartObject();
            g.writeStringField("name", t.name());
            g.writeArrayFieldStart("columns");
            for (Field<?> f : t.columns()) {
                g.writeString(f.getName());
            }
            g.writeEndArray();
            g.writeNumberField("rows", counts.get(t.name()));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
    }

    private String engineName() {
        return db.engine().dialect().family() == org.jooq.SQLDialect.POSTGRES ? "postgresql" : "sqlite";
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void writeValue(JsonGenerator g, Field<?> f, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Long n) {
            g.writeNumber(n);
        } else if (v instanceof Integer n) {
            g.writeNumber(n);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                g.writeString(d.toString());
            } else {
                g.writeNumber(d);
            }
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof byte[] b) {
            g.writeBinary(b);
        } else if (v instanceof JSON j) {
            g.writeString(j.data());
        } else {
            // A converted column (a timestamp, an enum): its stored text.
            g.writeString(String.valueOf(((Converter) f.getConverter()).to(v)));
        }
    }

    private static AgentStoreException cannotWrite(IOException e) {
        return Failures.of(ErrorCode.STORAGE, "exporting the store: cannot write the export: " + e.getMessage(), e);
    }

    // ---------------------------------------------------------------- import

    /** Loads an export into this store, all of it or nothing, and reports what it loaded. */
    public ImportReport importFrom(InputStream in, ImportOptions options) {
        Failures.required(in, "the input stream");
        Failures.required(options, "the import options");
        long start = System.nanoTime();
        Lines lines = new Lines(in);
        Header header = readHeader(lines);
        return db.writeAlone("importing the store", c -> {
            if (!options.merge()) {
                requireEmpty(c);
            }
            db.engine().deferForeignKeys(c.jdbc());
            Progress progress = options.progress();
            long done = 0;
            progress.update(0, header.total);
            List<Object[]> spaces = new ArrayList<>();
            for (TableShapes t : TransferShapes.TABLES) {
                long expected = header.counts.get(t.name());
                byte[] section = lines.next();
                if (section == null) {
                    throw lines.cut("the section of table " + t.name());
                }
                JsonNode s = lines.tree(section);
                if (!t.name().equals(s.path("table").asText()) || s.path("rows").asLong(-1) != expected) {
                    throw lines.bad("expected the section of table " + t.name() + " with " + expected + " rows, found "
                            + abbreviate(new String(section, java.nio.charset.StandardCharsets.UTF_8)));
                }
                lines.digest(section);
                Loader loader = new Loader(c, t, options.merge(), lines);
                for (long i = 0; i < expected; i++) {
                    byte[] row = lines.next();
                    if (row == null) {
                        throw lines.cut("row " + (i + 1) + " of " + expected + " of table " + t.name());
                    }
                    Object[] values = decodeRow(lines, row, t);
                    lines.digest(row);
                    if (t.table() == VECTOR_SPACES) {
                        spaces.add(values);
                    }
                    loader.add(values);
                    if (++done % PROGRESS_EVERY == 0) {
                        progress.update(done, header.total);
                    }
                }
                loader.flush();
            }
            byte[] end = lines.next();
            if (end == null) {
                throw lines.cut("its end line");
            }
            JsonNode e = lines.tree(end).path("end");
            if (e.isMissingNode() || e.path("rows").asLong(-1) != header.total) {
                throw lines.bad("expected the end line with " + header.total + " rows, found "
                        + abbreviate(new String(end, java.nio.charset.StandardCharsets.UTF_8)));
            }
            String sha = HexFormat.of().formatHex(lines.sha.digest());
            if (!sha.equals(e.path("sha256").asText())) {
                throw lines.bad("the file's content does not match its checksum (SHA-256 "
                        + e.path("sha256").asText() + " in the file, " + sha
                        + " of what precedes it): it was altered or damaged");
            }
            if (lines.next() != null) {
                throw lines.bad("there is more after the end line");
            }
            checkSpaces(c, spaces);
            String dangling = db.engine().danglingReference(c.jdbc());
            if (dangling != null) {
                throw Failures.invalid("importing the store: the file names rows it does not hold: " + dangling
                        + ". Nothing was imported");
            }
            db.engine().afterImport(c.jdbc());
            progress.update(done, header.total);
            return new ImportReport(
                    header.schemaVersion, header.engine, header.counts, Duration.ofNanos(System.nanoTime() - start));
        });
    }

    private void requireEmpty(Conn c) throws SQLException {
        for (TableShapes t : TransferShapes.TABLES) {
            long n = c.call(t.count()).one(r -> r.get(COUNT)).orElse(0);
            if (n > 0) {
                throw Failures.of(
                        ErrorCode.CONFLICT,
                        "importing the store: the store is not empty (table " + t.name() + " holds " + n
                                + " rows); import into an empty store, or merge (ImportOptions.merging()). "
                                + "Nothing was imported");
            }
        }
    }

    /** The embedding spaces of the file must be the store's where the store has one (a merge keeps the store's). */
    private static void checkSpaces(Conn c, List<Object[]> spaces) throws SQLException {
        for (Object[] s : spaces) {
            String space = (String) s[0];
            VectorSpace.Recorded stored = c.call(VectorShapes.VECTOR_SPACE_FOR_WRITE)
                    .set(VectorShapes.SPACE, space)
                    .one(r -> new VectorSpace.Recorded(r.get(VECTOR_SPACES.MODEL), r.get(VECTOR_SPACES.DIMENSIONS)))
                    .orElseThrow();
            if (!stored.model().equals(s[1])
                    || !Integer.valueOf(stored.dimensions()).equals(s[2])) {
                throw Failures.of(
                        ErrorCode.CONFLICT,
                        "importing the store: the file's " + space + " vectors are of model "
                                + Check.quote((String) s[1])
                                + " with " + s[2] + " dimensions, the store's of " + Check.quote(stored.model())
                                + " with " + stored.dimensions() + " (they cannot be ranked together). Nothing was "
                                + "imported");
            }
        }
    }

    /** Inserts one table's rows, a bulk statement at a time and the rest one by one. */
    private final class Loader {
        private final Conn c;
        private final TableShapes t;
        private final boolean merge;
        private final Lines lines;
        private final Object[][] pending;
        private int n;

        Loader(Conn c, TableShapes t, boolean merge, Lines lines) {
            this.c = c;
            this.t = t;
            this.merge = merge;
            this.lines = lines;
            this.pending = new Object[t.bulkRows()][];
        }

        void add(Object[] row) throws SQLException {
            pending[n++] = row;
            if (n == pending.length) {
                if (n == 1) {
                    insert(t.insertOne(), 1);
                } else {
                    insert(t.insertBulk(), n);
                }
                n = 0;
            }
        }

        void flush() throws SQLException {
            for (int i = 0; i < n; i++) {
                pending[0] = pending[i];
                insert(t.insertOne(), 1);
            }
            n = 0;
        }

        private void insert(io.agentstore.internal.shape.Shape shape, int rows) throws SQLException {
            io.agentstore.internal.database.Call call = c.call(shape);
            for (int r = 0; r < rows; r++) {
                List<Param<Object>> params = t.params().get(r);
                Object[] values = pending[r];
                for (int i = 0; i < values.length; i++) {
                    call.set(params.get(i), values[i]);
                }
            }
            try {
                call.update();
            } catch (SQLException e) {
                if (db.engine().isUniqueViolation(e)) {
                    throw Failures.of(
                            ErrorCode.CONFLICT,
                            "importing the store: the store already has a row of table " + t.name()
                                    + " with the key of one in the file (before line " + lines.number + "; "
                                    + e.getMessage().split("\\n")[0] + ")"
                                    + (merge ? "; ids are not renumbered when merging" : "")
                                    + ". Nothing was imported",
                            e);
                }
                throw Failures.of(
                        ErrorCode.INVALID_ARGUMENT,
                        "importing the store: the database refused a row of table " + t.name() + " (before line "
                                + lines.number + "): " + e.getMessage().split("\\n")[0] + ". Nothing was imported",
                        e);
            }
        }
    }

    // ---------------------------------------------------------------- reading the file

    private record Header(int schemaVersion, String engine, Map<String, Long> counts, long total) {}

    private static Header readHeader(Lines lines) {
        byte[] first = lines.next();
        if (first == null) {
            throw Failures.invalid("importing the store: the file is empty");
        }
        JsonNode h;
        try {
            h = lines.tree(first);
        } catch (AgentStoreException e) {
            throw Failures.invalid("importing the store: the file is not an agentstore export (its first line is "
                    + "not a JSON header)");
        }
        if (!FORMAT.equals(h.path("format").asText())) {
            throw Failures.invalid("importing the store: the file is not an agentstore export (its header's format "
                    + "is " + Failures.quote(h.path("format").asText(null)) + ")");
        }
        int format = h.path("formatVersion").asInt(-1);
        if (format > FORMAT_VERSION) {
            throw Failures.invalid("importing the store: the file was written by a newer agentstore (export format "
                    + format + "; this one reads " + FORMAT_VERSION + "): import it with that version");
        }
        if (format < 1) {
            throw lines.bad("the header's formatVersion is " + h.path("formatVersion"));
        }
        int schema = h.path("schemaVersion").asInt(-1);
        if (schema > Migrations.SCHEMA_VERSION) {
            throw Failures.invalid("importing the store: the file was exported at schema version " + schema
                    + ", newer than this agentstore's " + Migrations.SCHEMA_VERSION + ": import it with that version");
        }
        if (schema != Migrations.SCHEMA_VERSION) {
            throw Failures.invalid("importing the store: the file was exported at schema version " + schema
                    + " by an older agentstore; this one imports version " + Migrations.SCHEMA_VERSION
                    + ". Import it with that version into an SQLite file, open the file with this version "
                    + "(which migrates it) and export again");
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        long total = 0;
        Iterator<JsonNode> tables = h.path("tables").elements();
        for (TableShapes t : TransferShapes.TABLES) {
            if (!tables.hasNext()) {
                throw lines.bad("the header lists no table " + t.name());
            }
            JsonNode tn = tables.next();
            if (!t.name().equals(tn.path("name").asText())) {
                throw lines.bad("the header lists table "
                        + Failures.quote(tn.path("name").asText(null)) + " where this version has " + t.name());
            }
            List<String> columns = new ArrayList<>();
            tn.path("columns").forEach(col -> columns.add(col.asText()));
            List<String> ours = t.columns().stream().map(Field::getName).toList();
            if (!columns.equals(ours)) {
                throw lines.bad(
                        "the header gives table " + t.name() + " the columns " + columns + ", this version " + ours);
            }
            long rows = tn.path("rows").asLong(-1);
            if (rows < 0) {
                throw lines.bad("the header gives table " + t.name() + " no row count");
            }
            counts.put(t.name(), rows);
            total += rows;
        }
        if (tables.hasNext()) {
            throw lines.bad("the header lists a table this version does not have: "
                    + Failures.quote(tables.next().path("name").asText(null)));
        }
        lines.digest(first);
        return new Header(schema, h.path("engine").asText("unknown"), counts, total);
    }

    private static Object[] decodeRow(Lines lines, byte[] line, TableShapes t) {
        List<Field<?>> columns = t.columns();
        Object[] values = new Object[columns.size()];
        try (JsonParser p = JSON_FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw lines.bad("expected a row of table " + t.name() + " (a JSON array)");
            }
            for (int i = 0; i < values.length; i++) {
                JsonToken token = p.nextToken();
                if (token == JsonToken.END_ARRAY || token == null) {
                    throw lines.bad("a row of table " + t.name() + " has " + i + " values, the table " + values.length
                            + " columns");
                }
                values[i] = decode(lines, p, token, columns.get(i), t);
            }
            if (p.nextToken() != JsonToken.END_ARRAY || p.nextToken() != null) {
                throw lines.bad("a row of table " + t.name() + " has more than " + values.length + " values");
            }
        } catch (IOException e) {
            throw lines.bad("a row of table " + t.name() + " is not JSON: " + originalMessage(e));
        }
        return values;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object decode(Lines lines, JsonParser p, JsonToken token, Field<?> f, TableShapes t)
            throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        Class<?> type = f.getType();
        try {
            if (type == String.class) {
                requireToken(token, JsonToken.VALUE_STRING);
                return p.getText();
            }
            if (type == Long.class) {
                requireToken(token, JsonToken.VALUE_NUMBER_INT);
                return p.getLongValue();
            }
            if (type == Integer.class) {
                requireToken(token, JsonToken.VALUE_NUMBER_INT);
                return p.getIntValue();
            }
            if (type == Double.class) {
                if (token == JsonToken.VALUE_STRING) {
                    return Double.valueOf(p.getText());
                }
                if (token != JsonToken.VALUE_NUMBER_INT) {
                    requireToken(token, JsonToken.VALUE_NUMBER_FLOAT);
                }
                return p.getDoubleValue();
            }
            if (type == Boolean.class) {
                if (token != JsonToken.VALUE_TRUE) {
                    requireToken(token, JsonToken.VALUE_FALSE);
                }
                return token == JsonToken.VALUE_TRUE;
            }
            if (type == byte[].class) {
                requireToken(token, JsonToken.VALUE_STRING);
                return p.getBinaryValue();
            }
            requireToken(token, JsonToken.VALUE_STRING);
            if (type == JSON.class) {
                return JSON.json(p.getText());
            }
            return ((Converter) f.getConverter()).from(p.getText());
        } catch (IllegalArgumentException | IOException | java.time.DateTimeException e) {
            throw lines.bad("table " + t.name() + ", column " + f.getName() + ": " + e.getMessage());
        }
    }

    private static void requireToken(JsonToken found, JsonToken expected) {
        if (found != expected) {
            throw new IllegalArgumentException("expected " + describe(expected) + ", found " + describe(found));
        }
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            default -> t.asString() == null ? t.name().toLowerCase(java.util.Locale.ROOT) : t.asString();
        };
    }

    private static String originalMessage(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                ? j.getOriginalMessage()
                : e.getMessage();
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java has SHA-256
        }
    }

    /** The file's lines, numbered, with a digest of those taken into it. */
    private static final class Lines {
        private final InputStream in;
        private final MessageDigest sha = sha256();
        private byte[] buffer = new byte[8192];
        private long number;

        Lines(InputStream in) {
            this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
        }

        /** The next line without its newline, or null at the end of the file. */
        byte[] next() {
            int n = 0;
            try {
                int b;
                while ((b = in.read()) != -1 && b != '\n') {
                    if (n == buffer.length) {
                        if (n >= MAX_LINE) {
                            throw bad("line " + (number + 1) + " is longer than " + MAX_LINE + " bytes");
                        }
                        buffer = java.util.Arrays.copyOf(buffer, Math.min(MAX_LINE, n * 2));
                    }
                    buffer[n++] = (byte) b;
                }
                if (b == -1 && n == 0) {
                    return null;
                }
                if (b == -1) {
                    number++;
                    throw cut("a complete line " + number + " (it has no newline)");
                }
            } catch (IOException e) {
                throw Failures.of(ErrorCode.STORAGE, "importing the store: cannot read the file: " + e.getMessage(), e);
            }
            number++;
            return java.util.Arrays.copyOf(buffer, n);
        }

        void digest(byte[] line) {
            sha.update(line);
            sha.update((byte) '\n');
        }

        JsonNode tree(byte[] line) {
            try (JsonParser p = JSON_FACTORY.createParser(line)) {
                JsonNode node = Stored.MAPPER.readTree(p);
                if (node == null || !node.isObject()) {
                    throw bad("expected a JSON object");
                }
                return node;
            } catch (IOException e) {
                throw bad("not JSON: " + originalMessage(e));
            }
        }

        AgentStoreException bad(String what) {
            return Failures.invalid(
                    "importing the store: line " + number + " of the file: " + what + ". Nothing was imported");
        }

        AgentStoreException cut(String expected) {
            return Failures.invalid("importing the store: the file ends after line " + number + " where " + expected
                    + " should be: it was cut short. Nothing was imported");
        }
    }

    /** Counts the bytes written through it. */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
