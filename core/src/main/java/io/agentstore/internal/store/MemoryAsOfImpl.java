package io.agentstore.internal.store;

import static io.agentstore.internal.store.HistoryShapes.AFTER_KEY;
import static io.agentstore.internal.store.HistoryShapes.AFTER_NAMESPACE;
import static io.agentstore.internal.store.HistoryShapes.APP_NS;
import static io.agentstore.internal.store.HistoryShapes.AS_OF_KEY;
import static io.agentstore.internal.store.HistoryShapes.AS_OF_LISTED;
import static io.agentstore.internal.store.HistoryShapes.AT;
import static io.agentstore.internal.store.HistoryShapes.HIGH;
import static io.agentstore.internal.store.HistoryShapes.KEY;
import static io.agentstore.internal.store.HistoryShapes.MEMORY_AS_OF_BELOW;
import static io.agentstore.internal.store.HistoryShapes.MEMORY_AS_OF_EXACT;
import static io.agentstore.internal.store.HistoryShapes.MEMORY_AS_OF_KEY;
import static io.agentstore.internal.store.HistoryShapes.MEMORY_AS_OF_RESOLVE;
import static io.agentstore.internal.store.HistoryShapes.NAMESPACE;
import static io.agentstore.internal.store.HistoryShapes.PROJECT_NS;
import static io.agentstore.internal.store.HistoryShapes.SESSION_NS;
import static io.agentstore.internal.store.HistoryShapes.USER_NS;

import io.agentstore.ErrorCode;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Conn;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.db.Tables;
import io.agentstore.internal.db.converters.Timestamps;
import io.agentstore.memory.MemoryAsOf;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemoryType;
import io.agentstore.memory.Namespaces;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Memory as of an instant, over memory_changes (see {@link HistoryShapes}). */
final class MemoryAsOfImpl implements MemoryAsOf {

    private final Database db;
    private final Instant at;

    MemoryAsOfImpl(Database db, Instant at) {
        this.db = db;
        this.at = at;
    }

    /** Checks an instant a view is asked for: not null, not in the future, storable. */
    static Instant instant(Database db, Instant at) {
        Failures.required(at, "the instant");
        if (!Timestamps.storable(at)) {
            throw Failures.invalid("the instant is out of range: " + at);
        }
        Instant now = db.now();
        if (at.isAfter(now)) {
            throw Failures.invalid("the instant " + at + " is in the future (now is " + now + ")");
        }
        return at;
    }

    /** Refuses a read of a kind of history before its horizon, naming it. */
    static void answerable(Conn c, String kind, Instant at, String doing) throws SQLException {
        answerable(c, kind, kind, at, doing);
    }

    /** Refuses a read of two kinds of history before either's horizon, naming it (one statement). */
    static void answerable(Conn c, String kind, String otherKind, Instant at, String doing) throws SQLException {
        for (Map.Entry<String, Instant> h : c.call(HistoryShapes.HORIZON_OF)
                .set(HistoryShapes.KIND, kind)
                .set(HistoryShapes.OTHER_KIND, otherKind)
                .list(r -> Map.entry(r.get(Tables.HISTORY_HORIZONS.KIND), r.get(Tables.HISTORY_HORIZONS.HORIZON)))) {
            if (at.isBefore(h.getValue())) {
                throw Failures.of(
                        ErrorCode.INVALID_ARGUMENT,
                        doing + ": the " + h.getKey().replace('_', ' ') + " history this store keeps begins at "
                                + Timestamps.format(h.getValue()) + " (" + at
                                + " is before it); the earliest time that can be answered is "
                                + Timestamps.format(h.getValue()));
            }
        }
    }

    /** The entry of an as-of row, or a refusal if retention removed it. */
    static Optional<MemoryEntry> entry(HistoryShapes.AsOf row, Instant at, String doing) {
        if (row.forgotten()) {
            throw Failures.of(
                    ErrorCode.INVALID_ARGUMENT,
                    doing + ": retention removed the version of " + Check.quote(row.namespace()) + "/"
                            + Check.quote(row.key()) + " that was current at " + at
                            + (row.resumesAt() == null
                                    ? "; nothing after it can be answered"
                                    : "; the earliest time after it that can be answered is "
                                            + Timestamps.format(row.resumesAt())));
        }
        return Optional.ofNullable(row.entry());
    }

    @Override
    public Instant at() {
        return at;
    }

    @Override
    public Optional<MemoryEntry> get(String namespace, String key) {
        String ns = Namespaces.check(namespace);
        String k = MemoryStoreImpl.key(key);
        String doing = "reading memory " + Check.quote(ns) + "/" + Check.quote(k) + " as of " + at;
        return db.read(doing, c -> {
            answerable(c, "memory", at, doing);
            Optional<HistoryShapes.AsOf> row = c.call(MEMORY_AS_OF_KEY)
                    .set(NAMESPACE, ns)
                    .set(KEY, k)
                    .set(AT, at)
                    .one(AS_OF_KEY);
            return row.isEmpty() ? Optional.<MemoryEntry>empty() : entry(row.get(), at, doing);
        });
    }

    @Override
    public Page<MemoryEntry> byPrefix(String prefix, PageRequest page) {
        return list(prefix, null, page);
    }

    @Override
    public Page<MemoryEntry> byPrefix(String prefix, MemoryType type, PageRequest page) {
        return list(prefix, Failures.required(type, "the memory type"), page);
    }

    private Page<MemoryEntry> list(String prefix, MemoryType type, PageRequest page) {
        String p = Namespaces.check(prefix);
        int limit = Pages.limit(page);
        String cursor = Pages.cursor(page);
        Check.limit(limit, Pages.MAX_PAGE);
        String listing =
                "memoryAsOf:" + Timestamps.format(at) + ":" + p + ":" + (type == null ? "" : Stored.text(type));
        String[] after = cursor == null ? new String[] {"", ""} : Cursor.decode(listing, cursor, 2);
        if (cursor != null && !Namespaces.isWithin(after[0], p)) {
            throw Failures.invalid("not a cursor of " + listing + ": " + Check.quote(cursor));
        }
        String doing = "listing memory under " + Check.quote(p) + " as of " + at;
        List<MemoryEntry> rows = db.read(doing, c -> {
            answerable(c, "memory", at, doing);
            List<HistoryShapes.AsOf> found = new ArrayList<>(limit + 1);
            boolean inRoot = after[0].isEmpty() || after[0].equals(p);
            if (inRoot) {
                found.addAll(MemoryShapes.bindTypes(c.call(MEMORY_AS_OF_EXACT), MemoryShapes.TYPES, type)
                        .set(NAMESPACE, p)
                        .set(AFTER_KEY, after[1])
                        .set(AT, at)
                        .set(Pages.LIMIT, limit + 1)
                        .list(AS_OF_LISTED));
            }
            if (found.size() <= limit) {
                found.addAll(MemoryShapes.bindTypes(c.call(MEMORY_AS_OF_BELOW), MemoryShapes.TYPES, type)
                        .set(HIGH, p + ";")
                        .set(AFTER_NAMESPACE, inRoot ? p + ":" : after[0])
                        .set(AFTER_KEY, inRoot ? "" : after[1])
                        .set(AT, at)
                        .set(Pages.LIMIT, limit + 1 - found.size())
                        .list(AS_OF_LISTED));
            }
            List<MemoryEntry> out = new ArrayList<>(found.size());
            for (HistoryShapes.AsOf row : found) {
                entry(row, at, doing).ifPresent(out::add);
            }
            return out;
        });
        return Pages.page(rows, limit, listing, e -> new String[] {e.namespace(), e.key()});
    }

    /** One key in up to four namespaces (null: none) as of the instant; precedence is the caller's. */
    List<MemoryEntry> resolveAll(String session, String user, String app, String project, String key) {
        String k = MemoryStoreImpl.key(key);
        String doing = "resolving memory key " + Check.quote(k) + " as of " + at;
        return db.read(doing, c -> {
            answerable(c, "memory", at, doing);
            List<MemoryEntry> out = new ArrayList<>();
            for (HistoryShapes.AsOf row : MemoryShapes.bindTypes(c.call(MEMORY_AS_OF_RESOLVE), MemoryShapes.TYPES, null)
                    .set(SESSION_NS, session)
                    .set(USER_NS, user)
                    .set(APP_NS, app)
                    .set(PROJECT_NS, project)
                    .set(KEY, k)
                    .set(AT, at)
                    .list(AS_OF_LISTED)) {
                entry(row, at, doing).ifPresent(out::add);
            }
            return out;
        });
    }
}
