package io.agentstore.transfer;

import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.SqliteTestBase;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BackupTest extends SqliteTestBase {

    @Test
    void aBackupWhileEightThreadsWriteHoldsEveryEarlierWriteAndNothingHalfWritten() throws Exception {
        AgentStore store = store();
        for (int t = 0; t < 8; t++) {
            store.sessions().create(NewSession.of("app", "u" + t).withId("s" + t));
        }
        // Each write is one transaction of several rows: a memory (entry, audit, recency, change)
        // or an event with a state delta (event, session counters and state, state history).
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            writers.add(pool.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    if (i % 2 == 0) {
                        store.memory().add(NewMemory.of("user:u" + thread, "k" + i, "x".repeat(200)));
                        acknowledged.add("memory " + thread + " " + i);
                    } else {
                        store.sessions()
                                .append(
                                        "s" + thread,
                                        NewEvent.of("turn", "user", i).withStateDelta(Map.of("i", i)));
                        acknowledged.add("event " + thread + " " + i);
                    }
                }
                return null;
            }));
        }
        while (acknowledged.size() < 2_000) {
            Thread.sleep(10);
        }
        Set<String> before = Set.copyOf(acknowledged);
        Path copy = dir.resolve("backups/copy.db");
        List<long[]> progress = new ArrayList<>();
        BackupReport report = store.backup(copy, (done, total) -> progress.add(new long[] {done, total}));
        int during = acknowledged.size();
        Thread.sleep(200);
        stop.set(true);
        for (Future<?> w : writers) {
            w.get();
        }
        pool.shutdown();
        assertThat(acknowledged.size()).as("writes went on during the backup").isGreaterThan(before.size());
        assertThat(during).isPositive();

        assertThat(report.file()).isEqualTo(copy.toAbsolutePath());
        assertThat(report.bytes()).isEqualTo(Files.size(copy));
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)[0]).isEqualTo(report.pages());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
                .isEqualTo("rw-------");
        try (var beside = Files.list(copy.getParent())) {
            assertThat(beside.map(p -> p.getFileName().toString())).containsExactly("copy.db");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
            // Nothing half-written: every session's count is its events, every memory has its audit row.
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sessions s WHERE event_count <> "
                    + "(SELECT count(*) FROM session_events e WHERE e.session_id = s.id)")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM memory_entries m WHERE NOT EXISTS "
                    + "(SELECT 1 FROM audit a WHERE a.memory_entry_id = m.id) OR NOT EXISTS "
                    + "(SELECT 1 FROM memory_changes x WHERE x.entry_id = m.id)")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
        // The copy is a store: it opens, and holds every write acknowledged before the backup began.
        try (AgentStore opened = AgentStore.open(copy)) {
            for (String w : before) {
                String[] p = w.split(" ");
                if (p[0].equals("memory")) {
                    assertThat(opened.memory().get("user:u" + p[1], "k" + p[2]))
                            .as(w)
                            .isPresent();
                } else {
                    assertThat(opened.sessions().get("s" + p[1]).orElseThrow().eventCount())
                            .as(w)
                            .isGreaterThanOrEqualTo(Integer.parseInt(p[2]) / 2 + 1L);
                }
            }
        }
    }

    @Test
    void aRestoreReplacesAClosedFileAndIsRefusedWhileAStoreHasItOpen() throws Exception {
        AgentStore store = store();
        store.memory().add(NewMemory.of("user:a", "k", "at backup"));
        Path backup = dir.resolve("b.db");
        store.backup(backup);
        store.memory().put(NewMemory.of("user:a", "k", "after backup"));

        // Open here: refused, and nothing changed.
        assertFails(ErrorCode.BUSY, () -> AgentStore.restore(backup, dbFile()), "is open", "close it");
        assertThat(store.memory().get("user:a", "k").orElseThrow().value()).isEqualTo(Json.of("after backup"));

        store.close();
        List<long[]> progress = new ArrayList<>();
        BackupReport restored = AgentStore.restore(backup, dbFile(), (d, t) -> progress.add(new long[] {d, t}));
        assertThat(restored.pages()).isPositive();
        assertThat(progress.get(progress.size() - 1)[0]).isEqualTo(restored.pages());
        try (AgentStore back = AgentStore.open(dbFile())) {
            assertThat(back.memory().get("user:a", "k").orElseThrow().value()).isEqualTo(Json.of("at backup"));
            back.memory().put(NewMemory.of("user:a", "k", "written after the restore"));
        }
        // Into a file that does not exist yet: created, the owner's only.
        Path fresh = dir.resolve("restored/new.db");
        AgentStore.restore(backup, fresh);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
                .isEqualTo("rw-------");
        try (AgentStore s = AgentStore.open(fresh)) {
            assertThat(s.memory().get("user:a", "k").orElseThrow().value()).isEqualTo(Json.of("at backup"));
        }
    }

    @Test
    void aRestoreRefusesWhatIsNotASoundStoreFileAndLeavesTheTargetAsItWas() throws Exception {
        store().memory().add(NewMemory.of("user:a", "k", "kept"));
        store().close();
        byte[] target = Files.readAllBytes(dbFile());

        Path text = Files.writeString(dir.resolve("notes.txt"), "not a database");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> AgentStore.restore(text, dbFile()), "notes.txt");
        Path other = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (x)");
        }
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> AgentStore.restore(other, dbFile()), "not an agentstore one");
        Path newer = dir.resolve("newer.db");
        try (AgentStore s = AgentStore.open(newer)) {
            s.memory().add(NewMemory.of("user:a", "k", "v"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + newer);
                Statement st = c.createStatement()) {
            st.execute("UPDATE flyway_schema_history SET version = '99' WHERE version = (SELECT max(version) FROM "
                    + "flyway_schema_history)");
        }
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> AgentStore.restore(newer, dbFile()), "newer agentstore");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> AgentStore.restore(dir.resolve("missing.db"), dbFile()),
                "does not exist");
        assertThat(Files.readAllBytes(dbFile())).isEqualTo(target);
    }

    @Test
    void aBackupCannotOverwriteTheStoresOwnFile() {
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> store().backup(dbFile()), "another file");
        // The export is the engine-neutral copy; a backup of it opens as a store too.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store().exportTo(out);
        assertThat(out.size()).isPositive();
    }
}
