package io.agentstore.internal.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pages a commit writes to the write-ahead log, as the engine reads them from the WAL index
 * header, against the log file itself: with no checkpoint the file grows by one frame (a 24-byte
 * header and a page) per page written.
 */
class LogPagesTest {

    @TempDir
    Path dir;

    @Test
    void eachCommitsPagesMatchTheGrowthOfTheLogFile() throws Exception {
        SqliteEngine engine = new SqliteEngine(dir.resolve("log.db"), Duration.ofSeconds(5));
        Path wal = dir.resolve("log.db-wal");
        try (Connection c = engine.open(true);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)");
            st.execute("CREATE INDEX t_by_body ON t (body)");
            int page;
            try (ResultSet rs = st.executeQuery("PRAGMA page_size")) {
                rs.next();
                page = rs.getInt(1);
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO t (body) VALUES (?)")) {
                // Small rows touch a page or two; a large one spills over many overflow pages.
                for (int size : new int[] {10, 10, 50_000, 10, 200_000, 3_000}) {
                    long fileBefore = Files.size(wal);
                    long mark = engine.logMark();
                    insert.setBytes(1, new byte[size]);
                    insert.executeUpdate();
                    long pages = engine.logPagesBetween(mark, engine.logMark());
                    assertThat(pages)
                            .as("rows of %d bytes", size)
                            .isEqualTo((Files.size(wal) - fileBefore) / (24 + page));
                    assertThat(pages).isPositive();
                    if (size >= 50_000) {
                        assertThat(pages).isGreaterThan(size / page);
                    }
                }
                // The log emptied: the next commit's frames are counted from its new start.
                engine.checkpoint(c, SqliteEngine.CheckpointMode.TRUNCATE);
                assertThat(Files.size(wal)).isZero();
                long mark = engine.logMark();
                insert.setBytes(1, new byte[20_000]);
                insert.executeUpdate();
                long pages = engine.logPagesBetween(mark, engine.logMark());
                assertThat(pages).isEqualTo((Files.size(wal) - 32) / (24 + page));
                assertThat(pages).isGreaterThan(20_000 / page);
            }
        }
    }

    @Test
    void aRestartedLogIsWrittenOverInPlaceAndCutBackToItsLimit() throws Exception {
        SqliteEngine engine = new SqliteEngine(dir.resolve("restart.db"), Duration.ofSeconds(5));
        Path wal = dir.resolve("restart.db-wal");
        long limit = 256 * 1024;
        try (Connection c = engine.open(true)) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)");
            }
            restartAndLimit(engine, c, wal, limit);
        }
    }

    private static void restartAndLimit(SqliteEngine engine, Connection c, Path wal, long limit) throws Exception {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO t (body) VALUES (?)")) {
            engine.limitLogFile(c, limit);
            for (int i = 0; i < 10; i++) {
                insert.setBytes(1, new byte[100_000]); // the log grows past the limit: ~1 MB
                insert.executeUpdate();
            }
            long grown = Files.size(wal);
            assertThat(grown).isGreaterThan(limit);
            assertThat(engine.logBytes(engine.logMark())).isEqualTo(grown);

            // Everything copied: nothing left in the log, the file untouched until the next commit.
            SqliteEngine.CheckpointResult restart = engine.checkpoint(c, SqliteEngine.CheckpointMode.RESTART);
            assertThat(restart.busy()).isFalse();
            assertThat(restart.checkpointedFrames()).isEqualTo(restart.logFrames());
            assertThat(Files.size(wal)).isEqualTo(grown);

            // The next commit writes from the start, and the file is cut back to the limit.
            long mark = engine.logMark();
            insert.setBytes(1, new byte[10]);
            insert.executeUpdate();
            long pages = engine.logPagesBetween(mark, engine.logMark());
            assertThat(pages).isBetween(1L, 4L);
            assertThat(engine.logBytes(engine.logMark())).isEqualTo(32 + pages * (24 + 4096));
            assertThat(Files.size(wal)).isEqualTo(limit);

            // Within the limit the file keeps its length: the log is written over, never cut and grown.
            for (int i = 0; i < 3; i++) {
                insert.setBytes(1, new byte[20_000]);
                insert.executeUpdate();
                assertThat(Files.size(wal)).isEqualTo(limit);
            }
            engine.checkpoint(c, SqliteEngine.CheckpointMode.RESTART);
            insert.setBytes(1, new byte[10]);
            insert.executeUpdate();
            assertThat(Files.size(wal)).isEqualTo(limit);
            assertThat(engine.logBytes(engine.logMark())).isLessThan(limit / 10);
        }
    }

    @Test
    void withoutALogThereIsNothingToCount() {
        SqliteEngine engine = new SqliteEngine(dir.resolve("never-opened.db"), Duration.ofSeconds(5));
        assertThat(engine.logMark()).isEqualTo(-1);
        assertThat(engine.logPagesBetween(-1, engine.logMark())).isEqualTo(-1);
    }
}
