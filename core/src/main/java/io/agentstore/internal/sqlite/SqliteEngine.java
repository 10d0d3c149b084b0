package io.agentstore.internal.sqlite;

import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.StoreStats;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Engine;
import io.agentstore.internal.database.Migrations;
import io.agentstore.internal.database.PlanVerdict;
import io.agentstore.internal.database.Transactions;
import io.agentstore.internal.shape.RenderedShapes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jooq.SQLDialect;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Everything SQLite-specific lives here: the per-connection settings, the migration run, the
 * transaction statements and the reading of SQLite's result codes.
 *
 * <p>Every connection, reader or writer, is opened through {@link #open(boolean)} with: foreign
 * keys ON, WAL journal, {@code synchronous=NORMAL}, the busy timeout, temporary storage in
 * memory, and no WAL auto-checkpoint (the {@code WalCheckpointer} does it). (The seed applied these only to the connection that created
 * the schema; every other connection ran with foreign keys OFF.)
 */
public final class SqliteEngine implements Engine {

    private static final TransactionSql TX = new TransactionSql(
            "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK", "SAVEPOINT w", "RELEASE w", "ROLLBACK TO w", null);

    private final Path file;
    private final Path wal;
    private final String url;
    private final Duration busyTimeout;
    private final boolean secureDelete;
    /** Bytes of the file each read connection maps into memory ({@code mmap_size}); 0: none. */
    private final long memoryMap;

    private final boolean readOnly;

    public SqliteEngine(Path file, Duration busyTimeout) {
        this(file, busyTimeout, false, false, 0);
    }

    /**
     * An engine on {@code file}; {@code secureDelete}: every connection overwrites deleted content
     * with zeros; {@code readOnly}: every connection is opened by SQLite read-only (the file must exist).
     */
    public SqliteEngine(Path file, Duration busyTimeout, boolean secureDelete, boolean readOnly, long memoryMap) {
        this.memoryMap = memoryMap;
        this.secureDelete = secureDelete;
        this.readOnly = readOnly;
        this.file = file.toAbsolutePath();
        this.wal = this.file.resolveSibling(this.file.getFileName() + "-wal");
        this.url = "jdbc:sqlite:" + fileUri(this.file);
        this.busyTimeout = busyTimeout;
        Path parent = this.file.getParent();
        if (!readOnly && parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw Failures.of(
                        ErrorCode.STORAGE,
                        "cannot create the directory of database file " + this.file + ": " + e.getMessage(),
                        e);
            }
        }
    }

    /**
     * The file as an SQLite URI filename, every special character percent-encoded: a plain
     * {@code jdbc:sqlite:} path would take whatever follows a {@code ?} as connection settings and
     * open another file ({@code a.db?journal_mode=DELETE} opened {@code a.db}), while the library
     * bounded the log of the file it was given.
     */
    static String fileUri(Path file) {
        return "file:" + file.toUri().getRawPath().replace("?", "%3F").replace("#", "%23");
    }

    public Path file() {
        return file;
    }

    /** Whether every connection is opened read-only. */
    public boolean readOnly() {
        return readOnly;
    }

    /** One writer that group-commits, bounded readers, and a checkpointer that keeps the log short. */
    @Override
    public Transactions transactions(Transactions.Setup setup) {
        return new SingleWriter(this, setup);
    }

    /** How a checkpoint copies the write-ahead log into the database (SQLite's modes). */
    public enum CheckpointMode {
        /** Copies what it can without waiting for anyone; the writer goes on meanwhile. */
        PASSIVE,
        /**
         * Copies everything, waiting for readers (up to the busy timeout), so that the next
         * commit writes the log from its beginning again, over the file's old frames.
         */
        RESTART,
        /** As RESTART, and cuts the log file to nothing (giving back what a burst made it grow to). */
        TRUNCATE
    }

    /** What a checkpoint did: whether it was blocked, the frames in the log, the frames copied. */
    public record CheckpointResult(boolean busy, int logFrames, int checkpointedFrames) {}

    @Override
    public boolean isRetriable(SQLException e) {
        return false; // one writer: no transaction loses a race; BUSY after the busy timeout
    }

    @Override
    public SQLDialect dialect() {
        return SQLDialect.SQLITE;
    }

    private SQLiteConfig config(boolean writer) {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.enforceForeignKeys(true);
        cfg.setReadOnly(readOnly);
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        cfg.setBusyTimeout((int) busyTimeout.toMillis());
        cfg.setTempStore(SQLiteConfig.TempStore.MEMORY);
        cfg.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, secureDelete ? "1" : "0");
        // Readers map the file; the writer does not (each page it changes is copied into its page
        // cache anyway, and the mapping cost writes 5-15% in WriteBenchmarks at 1M memories).
        cfg.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(writer ? 0 : memoryMap));
        // Keys come back through RETURNING; without this, sqlite-jdbc prepares and runs an extra
        // "SELECT last_insert_rowid()" after every insert.
        cfg.setGetGeneratedKeys(false);
        // Page cache in KiB (negative): the writer touches index pages all over the file.
        cfg.setCacheSize(writer ? -65_536 : -16_384);
        return cfg;
    }

    private SQLiteDataSource dataSource(boolean writer) {
        SQLiteDataSource ds = new SQLiteDataSource(config(writer));
        ds.setUrl(url);
        return ds;
    }

    /**
     * Opens a connection. No connection checkpoints on commit ({@code wal_autocheckpoint = 0}):
     * the {@code WalCheckpointer} does it on its own connection, off the writer's path, so a commit
     * never waits for a checkpoint's copy and fsync.
     */
    @Override
    public Connection open(boolean writer) throws SQLException {
        Connection c = dataSource(writer).getConnection();
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA wal_autocheckpoint = 0");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Copies committed pages from the write-ahead log into the database. */
    public CheckpointResult checkpoint(Connection c, CheckpointMode mode) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(" + mode.name() + ")")) {
            rs.next();
            return new CheckpointResult(rs.getInt("busy") != 0, rs.getInt("log"), rs.getInt("checkpointed"));
        }
    }

    /**
     * {@code journal_size_limit}: the first commit after the log restarts cuts a longer file
     * back to this; a file within it is written over in place, never cut and grown again.
     */
    public void limitLogFile(Connection writer, long bytes) throws SQLException {
        try (Statement st = writer.createStatement()) {
            st.execute("PRAGMA journal_size_limit = " + bytes);
        }
    }

    /** The size of the write-ahead log on disk, in bytes. */
    public long walBytes() {
        // Called after every commit: one stat, no path built.
        try {
            return Files.size(wal);
        } catch (IOException e) {
            return 0; // no log file (yet, or any more)
        }
    }

    @Override
    public void secureDelete(Connection c, boolean on) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA secure_delete = " + (on || secureDelete ? 1 : 0));
        }
    }

    /** Frees what {@code PRAGMA incremental_vacuum} can: every free page, on a file with incremental auto-vacuum. */
    @Override
    public long releaseFreePages(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            long mode;
            try (ResultSet rs = st.executeQuery("PRAGMA auto_vacuum")) {
                mode = rs.next() ? rs.getLong(1) : 0;
            }
            if (mode != 2) {
                return 0; // NONE: free pages are reused, never given back (FULL gives them back at each commit)
            }
            long free;
            try (ResultSet rs = st.executeQuery("PRAGMA freelist_count")) {
                free = rs.next() ? rs.getLong(1) : 0;
            }
            if (free > 0) {
                // The pragma frees a page per step: executeUpdate runs it to its end (sqlite3_exec).
                st.executeUpdate("PRAGMA incremental_vacuum");
            }
            return free;
        }
    }

    /** One lock per file within this JVM; SQLite's write lock serialises the processes. */
    private static final ConcurrentHashMap<Path, Object> MIGRATION_LOCKS = new ConcurrentHashMap<>();

    /** How long an open waits for another process's migration (or long write) before it fails BUSY. */
    private static final Duration MIGRATION_WAIT = Duration.ofMinutes(10);

    /**
     * Applies the migrations in one transaction that holds the database's own write lock from the
     * start ({@code BEGIN IMMEDIATE} on one connection, which Flyway runs everything on), so that
     * threads and processes opening one new file at the same moment migrate it once, one after
     * the other, and a failed migration leaves the file as it was. Nothing is written beside the
     * database file (an earlier lock file in the file's folder stayed there after close).
     */
    @Override
    public void checkSchema() {
        if (!Files.isRegularFile(file)) {
            throw Failures.of(
                    ErrorCode.NOT_FOUND, "no database file " + file + " (a store opened read-only creates none)");
        }
        try {
            Migrations.requireCurrentSchema(Migrations.flyway(dataSource(false), "sqlite"), "database file " + file);
        } catch (FlywayException e) {
            throw Failures.of(
                    ErrorCode.STORAGE,
                    "cannot read the schema version of database file " + file + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void migrate() {
        synchronized (MIGRATION_LOCKS.computeIfAbsent(file, f -> new Object())) {
            try (Connection c = dataSource(true).getConnection()) {
                incrementalVacuumIfEmpty(c);
                beginMigration(c);
                boolean committed = false;
                try {
                    Flyway flyway = Migrations.flyway(OneTransaction.dataSource(c), "sqlite");
                    Migrations.refuseNewerSchema(flyway, "database file " + file);
                    flyway.migrate();
                    try (Statement st = c.createStatement()) {
                        st.execute("COMMIT");
                    }
                    committed = true;
                } finally {
                    if (!committed) {
                        try (Statement st = c.createStatement()) {
                            st.execute("ROLLBACK");
                        } catch (SQLException e) {
                            // the transaction may already be gone; nothing of it was kept
                        }
                    }
                }
            } catch (FlywayException e) {
                throw Failures.of(ErrorCode.STORAGE, "cannot migrate database file " + file + ": " + e.getMessage(), e);
            } catch (SQLException e) {
                throw translate(e, "migrating database file " + file);
            }
        }
    }

    /**
     * Gives a new, empty file incremental auto-vacuum, so that retention can give free pages back
     * to the file system. The mode is fixed when the file's first table is made, and WAL mode (set
     * when the connection opened) has made the file already: the empty file is vacuumed once to
     * take it. A file with tables keeps its mode (see the operations guide for older files). Two
     * processes making one new file at once may both do it; a vacuum that cannot have the file
     * leaves the file as it is, and the mode as it was.
     */
    private void incrementalVacuumIfEmpty(Connection c) {
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_schema")) {
                if (!rs.next() || rs.getLong(1) != 0) {
                    return;
                }
            }
            st.execute("PRAGMA auto_vacuum = INCREMENTAL");
            st.execute("VACUUM");
        } catch (SQLException e) {
            LoggerFactory.getLogger(SqliteEngine.class)
                    .warn("could not give the new database file {} incremental auto-vacuum: {}", file, e.getMessage());
        }
    }

    /**
     * Takes the write lock for the migration: waits for another process's migration (each wait
     * up to the busy timeout, then again) for up to {@link #MIGRATION_WAIT}; an interrupt ends
     * the wait with BUSY and keeps the thread's flag.
     */
    private void beginMigration(Connection c) throws SQLException {
        long deadline = System.nanoTime() + MIGRATION_WAIT.toNanos();
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw Failures.of(
                        ErrorCode.BUSY,
                        "opening database file " + file + ": the opening thread was interrupted while it waited for "
                                + "the migration lock (the database's write lock; its interrupt flag is kept set)");
            }
            try (Statement st = c.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                return;
            } catch (SQLException e) {
                if (translate(e, "").code() != ErrorCode.BUSY || System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    @Override
    public TransactionSql transactionSql() {
        return TX;
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return e instanceof SQLiteException se
                && (se.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                        || se.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
    }

    @Override
    public boolean isForeignKeyViolation(SQLException e) {
        return e instanceof SQLiteException se && se.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY;
    }

    @Override
    public AgentStoreException translate(SQLException e, String doing) {
        ErrorCode code = ErrorCode.STORAGE;
        if (e instanceof SQLiteException se) {
            code = classify(se.getResultCode());
        } else if (e.getMessage() != null && e.getMessage().contains("[SQLITE_BUSY]")) {
            code = ErrorCode.BUSY;
        }
        String detail = e.getMessage();
        if (code == ErrorCode.BUSY) {
            detail = "the database " + file + " stayed locked by another connection or process for more than "
                    + busyTimeout.toMillis() + " ms (" + detail + ")";
        }
        return Failures.of(code, doing + ": " + detail, e);
    }

    static ErrorCode classify(SQLiteErrorCode rc) {
        if (rc == null) {
            return ErrorCode.STORAGE;
        }
        String name = rc.name();
        if (name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED")) {
            return ErrorCode.BUSY;
        }
        if (name.startsWith("SQLITE_CONSTRAINT")) {
            return ErrorCode.CONSTRAINT;
        }
        return ErrorCode.STORAGE;
    }

    /** Opens the read transaction of a snapshot on {@code c} (autocommit off): its first read fixes what it sees. */
    void beginSnapshot(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_schema")) {
            rs.next();
        }
    }

    @Override
    public io.agentstore.transfer.BackupReport backup(
            Connection snapshot, Path target, io.agentstore.transfer.Progress progress) throws SQLException {
        Path to = target.toAbsolutePath();
        if (to.equals(file) || to.equals(wal) || to.toString().equals(file + "-shm")) {
            throw Failures.invalid("the backup must go to another file than the store's own: " + to);
        }
        return SqliteFiles.backup(snapshot, file, to, progress);
    }

    @Override
    public void deferForeignKeys(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA defer_foreign_keys = ON");
        }
    }

    @Override
    public String danglingReference(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA foreign_key_check")) {
            if (rs.next()) {
                return "a row of " + rs.getString(1) + " (rowid " + rs.getString(2) + ") names a row of "
                        + rs.getString(3) + " that is not there";
            }
            return null;
        }
    }

    @Override
    public List<PlanVerdict> plans(Connection c, RenderedShapes shapes) throws SQLException {
        return PlanCheck.check(c, shapes);
    }

    @Override
    public int schemaVersion(Connection c) throws SQLException {
        return SqliteCatalog.schemaVersion(c);
    }

    /** {@code PRAGMA integrity_check} (every page, index and constraint) and {@code PRAGMA foreign_key_check}. */
    @Override
    public List<String> integrityProblems(Connection c) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    if (!"ok".equals(rs.getString(1))) {
                        problems.add(rs.getString(1));
                    }
                }
            }
            try (ResultSet rs = st.executeQuery("PRAGMA foreign_key_check")) {
                while (rs.next()) {
                    problems.add("a row of " + rs.getString(1) + " (rowid " + rs.getString(2) + ") names a row of "
                            + rs.getString(3) + " that is not there");
                }
            }
        }
        return problems;
    }

    @Override
    public String describe() {
        return "SQLite file " + file;
    }

    /**
     * The log's position from the header of the WAL index ({@code <file>-shm}, SQLite's shared
     * memory, which every connection maps): its salt (new each time the log restarts from its
     * beginning; 31 of its bits) in the high half, its last committed frame in the low half. The header is kept
     * twice; a copy is read until both agree (a commit of another process may be writing it).
     */
    public long logMark() {
        ByteBuffer b = indexHeader();
        if (b == null) {
            return -1;
        }
        int size = Short.toUnsignedInt(b.getShort(14));
        pageSize = size == 1 ? 65_536 : size;
        long frames = Integer.toUnsignedLong(b.getInt(16));
        long salt = b.getInt(32) & 0x7FFF_FFFFL; // 31 bits: a mark is never negative
        return salt << 32 | frames;
    }

    /** The page size the log's index gave with the last mark (a log's pages never change size). */
    private volatile int pageSize;

    /**
     * The log's header and its frames (a page and a 24-byte header each) since it last restarted,
     * as of {@code mark}; the file's size without one.
     */
    public long logBytes(long mark) {
        if (mark < 0) {
            return walBytes();
        }
        long frames = mark & 0xFFFF_FFFFL;
        return frames == 0 ? 0 : 32 + frames * (24 + pageSize);
    }

    /** One consistent copy of the WAL index header (both of its copies read and compared), or null. */
    private ByteBuffer indexHeader() {
        FileChannel ch = shm();
        if (ch == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(96).order(ByteOrder.nativeOrder());
        try {
            for (int attempt = 0; attempt < 8; attempt++) {
                b.clear();
                while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
                    // a short read continues
                }
                if (b.position() < 96) {
                    return null;
                }
                if (b.slice(0, 48).equals(b.slice(48, 48))) {
                    return b;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** The frames (one page each) committed to the log between two marks; all of the later one's when the log restarted between. */
    public long logPagesBetween(long before, long after) {
        if (before < 0 || after < 0) {
            return -1;
        }
        long frames = after & 0xFFFF_FFFFL;
        return (after >>> 32) == (before >>> 32) ? frames - (before & 0xFFFF_FFFFL) : frames;
    }

    private volatile FileChannel shm;

    private FileChannel shm() {
        FileChannel ch = shm;
        if (ch == null) {
            synchronized (this) {
                if (shm == null) {
                    try {
                        shm = FileChannel.open(
                                file.resolveSibling(file.getFileName() + "-shm"), StandardOpenOption.READ);
                    } catch (IOException e) {
                        return null; // not in WAL mode (yet): no log to measure
                    }
                }
                ch = shm;
            }
        }
        return ch;
    }

    @Override
    public StoreStats.Storage storage(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT page_size, page_count, freelist_count "
                        + "FROM pragma_page_size, pragma_page_count, pragma_freelist_count")) {
            rs.next();
            long bytes;
            try {
                bytes = Files.size(file);
            } catch (IOException e) {
                throw new SQLException("cannot read the size of " + file + ": " + e.getMessage(), e);
            }
            return new StoreStats.Storage(
                    bytes, rs.getInt(1), rs.getLong(2), OptionalLong.of(rs.getLong(3)), OptionalLong.of(walBytes()));
        }
    }

    @Override
    public List<IndexUse> indexUse(Connection c, RenderedShapes shapes) throws SQLException {
        return SqliteCatalog.indexUse(c, shapes);
    }

    @Override
    public void close() {
        // The connections are the database's to close; the log header's channel is this engine's.
        FileChannel ch = shm;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // only read from; nothing to lose
            }
        }
    }
}
