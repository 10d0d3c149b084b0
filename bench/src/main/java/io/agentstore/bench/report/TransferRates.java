package io.agentstore.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import io.agentstore.bench.Dataset;
import io.agentstore.bench.PgServer;
import io.agentstore.transfer.BackupReport;
import io.agentstore.transfer.ExportReport;
import io.agentstore.transfer.ImportOptions;
import io.agentstore.transfer.ImportReport;
import io.agentstore.transfer.Progress;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The report's backup and transfer section, on the report's dataset: SQLite's online backup (the
 * backup API, which {@code AgentStore.backup} uses) against {@code VACUUM INTO}; the export's and
 * the import's rates on both engines (rows/s, MB/s of the JSON Lines file); and a round trip
 * SQLite → PostgreSQL → SQLite checked row for row. Each figure is the median of {@code reps}
 * runs with half their range as its error, all in this one process, one after the other.
 *
 * <p>Standalone: {@code java -cp bench/target/benchmarks.jar io.agentstore.bench.report.TransferRates
 * quick|standard|record [DIR [REPS]]}.
 */
public final class TransferRates {

    private TransferRates() {}

    public static void main(String[] args) throws Exception {
        ReportMain.Scale scale = ReportMain.Scale.valueOf(args.length > 0 ? args[0] : "standard");
        Path dir = Path.of(args.length > 1 ? args[1] : "target/report");
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Files.createDirectories(dir);
        Dataset data = new Dataset(scale.memories, scale.namespaces, scale.sessions, scale.events);
        Path built = data.ensure(dir.resolve("agentstore-" + scale + ".db"), m -> System.out.println("    " + m));
        ObjectNode r = measure(built, dir.resolve("transfer"), reps, System.out::println);
        r.put("scale", scale.name());
        System.out.println(r.toPrettyString());
        try (PrintWriter w = new PrintWriter(System.out)) {
            markdown(w, r);
        }
    }

    /** Times on the store file {@code built} (not changed), with scratch files in {@code dir}. */
    static ObjectNode measure(Path built, Path dir, int reps, Consumer<String> say) throws Exception {
        Files.createDirectories(dir);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("reps", reps);
        out.put("database_bytes", Files.size(built));
        List<Double> api = new ArrayList<>();
        List<Double> vacuum = new ArrayList<>();
        long apiBytes = 0;
        long vacuumBytes = 0;
        try (AgentStore store = AgentStore.open(built, StoreOptions.defaults().withReadOnly(true))) {
            for (int i = 0; i < reps; i++) {
                Path a = dir.resolve("backup-api.db");
                Path v = dir.resolve("backup-vacuum.db");
                Files.deleteIfExists(a);
                Files.deleteIfExists(v);
                long t0 = System.nanoTime();
                BackupReport b = store.backup(a);
                api.add((System.nanoTime() - t0) / 1e9);
                apiBytes = b.bytes();
                // VACUUM INTO on an idle connection of its own, as the issue describes it.
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + built.toAbsolutePath());
                        Statement st = c.createStatement()) {
                    long t1 = System.nanoTime();
                    st.execute("VACUUM INTO '" + v.toAbsolutePath().toString().replace("'", "''") + "'");
                    vacuum.add((System.nanoTime() - t1) / 1e9);
                }
                vacuumBytes = Files.size(v);
                say.accept(String.format(
                        Locale.ROOT, "transfer: backup API %.2f s, VACUUM INTO %.2f s", api.get(i), vacuum.get(i)));
            }
            out.set("backup_api", stat(api, apiBytes, 0));
            out.set("vacuum_into", stat(vacuum, vacuumBytes, 0));

            Path file = dir.resolve("export.jsonl");
            List<Double> export = new ArrayList<>();
            ExportReport ex = null;
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                ex = store.exportTo(file, Progress.none());
                export.add((System.nanoTime() - t0) / 1e9);
                say.accept(String.format(Locale.ROOT, "transfer: export (SQLite) %.2f s", export.get(i)));
            }
            out.put("rows", ex.totalRows());
            out.put("export_bytes", ex.bytes());
            out.set("export_sqlite", stat(export, ex.bytes(), ex.totalRows()));

            List<Double> importSqlite = new ArrayList<>();
            for (int i = 0; i < reps; i++) {
                Path target = dir.resolve("import-" + i + ".db");
                deleteStore(target);
                try (AgentStore t = AgentStore.open(target)) {
                    long t0 = System.nanoTime();
                    t.importFrom(file, ImportOptions.defaults());
                    importSqlite.add((System.nanoTime() - t0) / 1e9);
                }
                deleteStore(target);
                say.accept(String.format(Locale.ROOT, "transfer: import (SQLite) %.2f s", importSqlite.get(i)));
            }
            out.set("import_sqlite", stat(importSqlite, ex.bytes(), ex.totalRows()));

            try (EmbeddedPostgres pg = PgServer.start()) {
                String base = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
                List<Double> importPg = new ArrayList<>();
                List<Double> exportPg = new ArrayList<>();
                Path fromPg = dir.resolve("export-pg.jsonl");
                for (int i = 0; i < reps; i++) {
                    String schema = "transfer_" + i;
                    try (Connection c = DriverManager.getConnection(base, "postgres", "postgres");
                            Statement st = c.createStatement()) {
                        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                        st.execute("CREATE SCHEMA " + schema);
                    }
                    try (AgentStore t = AgentStore.open(
                            base + "?currentSchema=" + schema, "postgres", "postgres", StoreOptions.defaults())) {
                        long t0 = System.nanoTime();
                        ImportReport in = t.importFrom(file, ImportOptions.defaults());
                        importPg.add((System.nanoTime() - t0) / 1e9);
                        if (in.totalRows() != ex.totalRows()) {
                            throw new IllegalStateException(
                                    "PostgreSQL imported " + in.totalRows() + " rows of " + ex.totalRows());
                        }
                        long t1 = System.nanoTime();
                        t.exportTo(fromPg, Progress.none());
                        exportPg.add((System.nanoTime() - t1) / 1e9);
                    }
                    if (i < reps - 1) {
                        try (Connection c = DriverManager.getConnection(base, "postgres", "postgres");
                                Statement st = c.createStatement()) {
                            st.execute("DROP SCHEMA " + schema + " CASCADE");
                        }
                    }
                    say.accept(String.format(
                            Locale.ROOT,
                            "transfer: import (PostgreSQL) %.2f s, export (PostgreSQL) %.2f s",
                            importPg.get(i),
                            exportPg.get(i)));
                }
                out.set("import_postgresql", stat(importPg, ex.bytes(), ex.totalRows()));
                out.set("export_postgresql", stat(exportPg, Files.size(fromPg), ex.totalRows()));

                // Round trip: the server's export loaded into a new file, exported again: the rows
                // of the original file's export (the header's time and engine aside; JSON as JSON).
                Path back = dir.resolve("round-trip.db");
                deleteStore(back);
                Path again = dir.resolve("export-again.jsonl");
                try (AgentStore t = AgentStore.open(back)) {
                    t.importFrom(fromPg, ImportOptions.defaults());
                    t.exportTo(again, Progress.none());
                }
                deleteStore(back);
                boolean equal = sameRows(file, again);
                out.put("round_trip_equal", equal);
                say.accept("transfer: SQLite → PostgreSQL → SQLite rows equal: " + equal);
                if (!equal) {
                    throw new IllegalStateException("the round trip changed rows: compare " + file + " and " + again);
                }
            }
        }
        return out;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * Whether two exports hold the same rows, line for line between their headers and end lines,
     * with the JSON texts in them compared as JSON values: PostgreSQL's jsonb keeps an object's
     * keys in its own order and spacing, which an SQLite file then keeps as it was given.
     */
    private static boolean sameRows(Path a, Path b) throws IOException {
        try (BufferedReader ra = Files.newBufferedReader(a, StandardCharsets.UTF_8);
                BufferedReader rb = Files.newBufferedReader(b, StandardCharsets.UTF_8)) {
            ra.readLine(); // headers: when and from which engine
            rb.readLine();
            for (String la = ra.readLine(), lb = rb.readLine(); ; la = ra.readLine(), lb = rb.readLine()) {
                if (la == null || lb == null) {
                    return la == null && lb == null;
                }
                if (la.startsWith("{\"end\"") && lb.startsWith("{\"end\"")) {
                    continue; // their checksums cover the headers
                }
                if (!la.equals(lb) && !semantic(JSON.readTree(la)).equals(semantic(JSON.readTree(lb)))) {
                    return false;
                }
            }
        }
    }

    private static JsonNode semantic(JsonNode row) throws IOException {
        if (!row.isArray()) {
            return row;
        }
        var out = JSON.createArrayNode();
        for (JsonNode v : row) {
            String t = v.isTextual() ? v.asText() : "";
            out.add(t.startsWith("{") || t.startsWith("[") ? JSON.readTree(t) : v);
        }
        return out;
    }

    private static void deleteStore(Path file) throws IOException {
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
    }

    /** Median seconds with half the range as the error, and the rates at the median. */
    private static ObjectNode stat(List<Double> seconds, long bytes, long rows) {
        double[] s = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("seconds_median", median);
        o.put("seconds_error", (s[s.length - 1] - s[0]) / 2);
        o.put("bytes", bytes);
        o.put("mb_per_second", bytes / 1e6 / median);
        if (rows > 0) {
            o.put("rows_per_second", rows / median);
        }
        var all = o.putArray("seconds");
        seconds.forEach(all::add);
        return o;
    }

    static void markdown(PrintWriter w, JsonNode r) {
        w.println("## Backup, export and import");
        w.println();
        w.printf(
                Locale.ROOT,
                "The report's SQLite file (%s, %,d rows in its export) copied, exported and imported; each figure"
                        + " the median of %d runs ± half their range, one after the other in this process. MB/s are of"
                        + " the database file for a backup, of the JSON Lines file for an export or an import.%n%n",
                mib(r.get("database_bytes").asLong()),
                r.get("rows").asLong(),
                r.get("reps").asInt());
        w.println("| | seconds | rows/s | MB/s | file |");
        w.println("|---|---:|---:|---:|---:|");
        row(w, "backup (SQLite backup API, `AgentStore.backup`)", r.get("backup_api"));
        row(w, "`VACUUM INTO` (idle connection)", r.get("vacuum_into"));
        row(w, "export, SQLite", r.get("export_sqlite"));
        row(w, "import, SQLite (new file, one transaction)", r.get("import_sqlite"));
        row(w, "import, PostgreSQL (new schema, one transaction)", r.get("import_postgresql"));
        row(w, "export, PostgreSQL", r.get("export_postgresql"));
        w.println();
        w.printf(
                Locale.ROOT,
                "Backup API / VACUUM INTO time: ×%.2f. SQLite → PostgreSQL → SQLite: rows equal: %s.%n%n",
                r.at("/backup_api/seconds_median").asDouble()
                        / r.at("/vacuum_into/seconds_median").asDouble(),
                r.get("round_trip_equal").asBoolean() ? "yes" : "NO");
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static void row(PrintWriter w, String what, JsonNode s) {
        w.printf(
                Locale.ROOT,
                "| %s | %.2f ± %.2f | %s | %.1f | %s |%n",
                what,
                s.get("seconds_median").asDouble(),
                s.get("seconds_error").asDouble(),
                s.has("rows_per_second")
                        ? String.format(
                                Locale.ROOT, "%,.0f", s.get("rows_per_second").asDouble())
                        : "",
                s.get("mb_per_second").asDouble(),
                mib(s.get("bytes").asLong()));
    }
}
