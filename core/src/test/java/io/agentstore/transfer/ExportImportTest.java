package io.agentstore.transfer;

import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.ErrorCode;
import io.agentstore.PageRequest;
import io.agentstore.StoreTestBase;
import io.agentstore.TestPostgres;
import io.agentstore.memory.MemorySearch;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ExportImportTest extends StoreTestBase {

    private int stores;

    /** A new, empty store of the test's engine. */
    private AgentStore fresh() {
        stores++;
        return onPostgres()
                ? AgentStore.open(TestPostgres.url(TestPostgres.cleanSchema()), "postgres", "postgres", options())
                : AgentStore.open(dir.resolve("fresh" + stores + ".db"), options());
    }

    private void seed(AgentStore store, String tag, int n) {
        Seed.fill(store, tag, n, () -> clock.advance(Duration.ofMillis(1)));
    }

    static byte[] export(AgentStore store) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.exportTo(out);
        return out.toByteArray();
    }

    private static ImportReport load(AgentStore store, byte[] file, ImportOptions options) {
        return store.importFrom(new ByteArrayInputStream(file), options);
    }

    @Test
    void anImportIsTheExportedStoreRowForRowAndGoesOnFromIt() {
        seed(store(), "a", 6);
        List<long[]> progress = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportReport exported = store().exportTo(out, (done, total) -> progress.add(new long[] {done, total}));
        byte[] file = out.toByteArray();
        ExportFile original = ExportFile.parse(file);
        // Every table has rows: the seed reaches all of them, so the comparison below covers every column.
        assertThat(original.rows().entrySet().stream()
                        .filter(e -> e.getValue().isEmpty())
                        .map(java.util.Map.Entry::getKey))
                .as("tables the seed left empty")
                .isEmpty();
        assertThat(exported.bytes()).isEqualTo(file.length);
        assertThat(exported.totalRows())
                .isEqualTo(
                        original.rows().values().stream().mapToLong(List::size).sum());
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).containsExactly(exported.totalRows(), exported.totalRows());

        try (AgentStore copy = fresh()) {
            ImportReport imported = load(copy, file, ImportOptions.defaults());
            assertThat(imported.rows()).isEqualTo(exported.rows());
            assertThat(imported.sourceEngine()).isEqualTo(onPostgres() ? "postgresql" : "sqlite");
            ExportFile again = ExportFile.parse(export(copy));
            assertThat(again.rows()).isEqualTo(original.rows());

            // The copy works as the original: reads, search, history, and new rows after the imported ids.
            assertThat(copy.memory().get("user:a:prefs", "k3"))
                    .get()
                    .satisfies(m -> assertThat(m.version()).isEqualTo(2));
            assertThat(copy.sessions().events("a-s2", PageRequest.first(10)).items())
                    .extracting(e -> e.seq())
                    .isEqualTo(store().sessions().events("a-s2", PageRequest.first(10)).items().stream()
                            .map(e -> e.seq())
                            .toList())
                    .isNotEmpty();
            assertThat(copy.memory()
                            .search(MemorySearch.vector(new float[] {1, 5, 0.5f})
                                    .within("user:a:facts")
                                    .withLimit(1))
                            .get(0)
                            .item()
                            .key())
                    .isEqualTo("f5");
            long maxId = copy.memory().history("user:a:prefs", "k5").stream()
                    .mapToLong(m -> m.id())
                    .max()
                    .orElseThrow();
            assertThat(copy.memory()
                            .add(NewMemory.of("user:a:prefs", "new", "x"))
                            .id())
                    .isGreaterThan(maxId);
            copy.sessions().append("a-s0", io.agentstore.sessions.NewEvent.of("message", "user", "after"));
            assertThat(copy.sessions().lastEvents("a-s0", 1).get(0).seq()).isEqualTo(4);
        }
    }

    @Test
    void aStoreWithDataIsRefusedUnlessMergingAndAMergeThatClashesWritesNothing() {
        seed(store(), "a", 2);
        byte[] file = export(store());
        try (AgentStore other = fresh()) {
            other.sessions().create(NewSession.of("app", "zed").withId("zed-session"));
            assertFails(ErrorCode.CONFLICT, () -> load(other, file, ImportOptions.defaults()), "not empty", "sessions");

            // Its own sessions and nothing else: the file's rows go in beside it.
            ImportReport merged = load(other, file, ImportOptions.defaults().merging());
            assertThat(merged.totalRows()).isPositive();
            assertThat(other.sessions().get("zed-session")).isPresent();
            assertThat(other.sessions().get("a-s1")).isPresent();

            // The same file again: every key is taken; the first clash fails it and nothing is added.
            byte[] before = export(other);
            assertFails(
                    ErrorCode.CONFLICT,
                    () -> load(other, file, ImportOptions.defaults().merging()),
                    "already has a row of table sessions");
            assertThat(ExportFile.parse(export(other)).rows())
                    .isEqualTo(ExportFile.parse(before).rows());
        }
    }

    @Test
    void aCutAlteredNewerOrForeignFileIsAClearErrorAndTheStoreStaysEmpty() {
        seed(store(), "a", 2);
        byte[] file = export(store());
        String text = new String(file, StandardCharsets.UTF_8);
        try (AgentStore target = fresh()) {
            // Cut: mid-line, at a line's end, and just before the end line.
            int endLine = file.length - 2;
            while (file[endLine] != '\n') {
                endLine--;
            }
            int lineEnd = file.length / 2;
            while (file[lineEnd - 1] != '\n') {
                lineEnd--;
            }
            for (int cut : new int[] {file.length / 2, lineEnd, endLine + 1}) {
                byte[] part = java.util.Arrays.copyOf(file, cut);
                assertFails(
                        ErrorCode.INVALID_ARGUMENT, () -> load(target, part, ImportOptions.defaults()), "cut short");
                assertEmpty(target);
            }
            // One value changed, the file still valid JSON: the checksum tells.
            byte[] altered = text.replaceFirst("calm", "cold").getBytes(StandardCharsets.UTF_8);
            assertFails(ErrorCode.INVALID_ARGUMENT, () -> load(target, altered, ImportOptions.defaults()), "checksum");
            assertEmpty(target);
            // Newer format and schema.
            byte[] newerFormat = ExportFile.rewrite(
                    file, l -> l.set(0, l.get(0).replace("\"formatVersion\":1", "\"formatVersion\":2")));
            assertFails(
                    ErrorCode.INVALID_ARGUMENT,
                    () -> load(target, newerFormat, ImportOptions.defaults()),
                    "newer agentstore",
                    "format 2");
            byte[] newerSchema = ExportFile.rewrite(
                    file, l -> l.set(0, l.get(0).replaceFirst("\"schemaVersion\":\\d+", "\"schemaVersion\":99")));
            assertFails(
                    ErrorCode.INVALID_ARGUMENT,
                    () -> load(target, newerSchema, ImportOptions.defaults()),
                    "schema version 99");
            // Not an export at all.
            byte[] foreign = "id,name\n1,alice\n".getBytes(StandardCharsets.UTF_8);
            assertFails(
                    ErrorCode.INVALID_ARGUMENT,
                    () -> load(target, foreign, ImportOptions.defaults()),
                    "not an agentstore export");
            // A row of the wrong shape, and a row naming a session the file does not hold (checksum fitted).
            byte[] shortRow = ExportFile.rewrite(file, l -> {
                int i = section(l, "sessions");
                l.set(i + 1, "[\"x\"]");
            });
            assertFails(
                    ErrorCode.INVALID_ARGUMENT,
                    () -> load(target, shortRow, ImportOptions.defaults()),
                    "line",
                    "table sessions has 1 values");
            byte[] orphan = ExportFile.rewrite(file, l -> {
                int i = section(l, "session_events");
                l.set(i + 1, l.get(i + 1).replaceFirst("\"a-s0\"", "\"nobody\""));
            });
            assertFails(
                    ErrorCode.INVALID_ARGUMENT,
                    () -> load(target, orphan, ImportOptions.defaults()),
                    "names rows it does not hold");
            assertEmpty(target);
            // And after all that, the file as it was loads.
            assertThat(load(target, file, ImportOptions.defaults()).totalRows()).isPositive();
        }
    }

    private static int section(List<String> lines, String table) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("{\"table\":\"" + table + "\"")) {
                return i;
            }
        }
        throw new AssertionError("no section " + table);
    }

    private static void assertEmpty(AgentStore store) {
        ExportFile.parse(export(store))
                .rows()
                .forEach((table, rows) -> assertThat(rows).as(table).isEmpty());
    }

    @Test
    void anExportFileIsTheOwnersOnlyAndAGzippedOneLoadsToo() throws Exception {
        seed(store(), "a", 1);
        Path gz = dir.resolve("store.jsonl.gz");
        ExportReport report = store().exportTo(gz, Progress.none());
        assertThat(Files.size(gz)).isLessThan(report.bytes());
        if (gz.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(gz)))
                    .isEqualTo("rw-------");
        }
        try (Stream<Path> beside = Files.list(dir)) {
            assertThat(beside.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".partial-"));
        }
        try (AgentStore copy = fresh()) {
            assertThat(copy.importFrom(gz, ImportOptions.defaults()).rows()).isEqualTo(report.rows());
        }
    }
}
