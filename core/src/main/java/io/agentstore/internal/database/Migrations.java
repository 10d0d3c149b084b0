package io.agentstore.internal.database;

import io.agentstore.ErrorCode;
import io.agentstore.internal.Failures;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Where the schema's migrations live and how the library applies them. Each engine's migrations
 * are in {@code db/migration/<engine>} ({@code sqlite}, {@code postgresql}); migrations written
 * once for both go to {@code db/migration/common}. Flyway alone does not expand a
 * {@code {vendor}} placeholder (that is a Spring Boot feature), so the library names both
 * locations itself, and so must a user's own Flyway: {@link #locations(String)}.
 */
public final class Migrations {

    private Migrations() {}

    /**
     * The schema version this library migrates every store to (the newest migration of both
     * engines, which are kept at the same numbers); an export's header names it.
     * {@code MigrationTest} checks it against what a store records.
     */
    public static final int SCHEMA_VERSION = 10;

    /** The Flyway locations of one engine's schema: the common part and the engine's part. */
    public static String[] locations(String engine) {
        return new String[] {"classpath:db/migration/common", "classpath:db/migration/" + engine};
    }

    /** A Flyway that applies an engine's migrations to a data source. */
    public static Flyway flyway(DataSource dataSource, String engine) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(locations(engine))
                .loggers("slf4j")
                // The migrations' checks are queries: their (empty) results are not news. Flyway
                // 11 (which Spring Boot 4.0 manages) printed them as tables at INFO by default.
                .outputQueryResults(false)
                // A database migrated by a newer library is refused, not silently used: this
                // code does not know the invariants of a schema it has never seen.
                .ignoreMigrationPatterns(new String[0])
                .load();
    }

    /**
     * Refuses a database whose schema a newer agentstore wrote, in words that say so (Flyway's
     * own validation message would suggest "repair", which would make this older code run on a
     * schema it does not know). {@code what} names the database in the message.
     */
    /** The newest whole version among a result's first column of Flyway versions ("10", "9.1"), 0 for none. */
    public static int newestWholeVersion(java.sql.ResultSet rs) throws java.sql.SQLException {
        int newest = 0;
        while (rs.next()) {
            String v = rs.getString(1);
            int dot = v.indexOf('.');
            newest = Math.max(newest, Integer.parseInt(dot < 0 ? v : v.substring(0, dot)));
        }
        return newest;
    }

    /** Refuses (STORAGE) a database not at {@link #SCHEMA_VERSION}, newer or older, reading only. */
    public static void requireCurrentSchema(Flyway flyway, String what) {
        MigrationInfoService info = flyway.info(); // reads the history once
        refuseNewerSchema(info, what);
        MigrationInfo current = info.current();
        if (current == null || info.pending().length > 0) {
            throw Failures.of(
                    ErrorCode.STORAGE,
                    what
                            + (current == null
                                    ? " has no agentstore schema"
                                    : " is at schema version " + current.getVersion())
                            + ", and this library's is " + SCHEMA_VERSION
                            + ": a store opened read-only migrates nothing (open it for writing once to migrate it)");
        }
    }

    public static void refuseNewerSchema(Flyway flyway, String what) {
        refuseNewerSchema(flyway.info(), what);
    }

    private static void refuseNewerSchema(MigrationInfoService info, String what) {
        MigrationVersion known = null;
        MigrationVersion applied = null;
        for (MigrationInfo m : info.all()) {
            if (m.getVersion() == null) {
                continue;
            }
            boolean resolvedHere =
                    m.getState() != MigrationState.FUTURE_SUCCESS && m.getState() != MigrationState.FUTURE_FAILED;
            if (resolvedHere && (known == null || m.getVersion().isNewerThan(known.getVersion()))) {
                known = m.getVersion();
            }
            if (m.getState().isApplied() && (applied == null || m.getVersion().isNewerThan(applied.getVersion()))) {
                applied = m.getVersion();
            }
        }
        if (applied != null && known != null && applied.isNewerThan(known.getVersion())) {
            throw Failures.of(
                    ErrorCode.STORAGE,
                    what + " was written by a newer agentstore (schema version " + applied + ", this one knows " + known
                            + "): open it with that version or a newer one");
        }
    }
}
