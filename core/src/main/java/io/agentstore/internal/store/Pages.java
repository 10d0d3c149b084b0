package io.agentstore.internal.store;

import io.agentstore.ErrorCode;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Call;
import io.agentstore.internal.database.Conn;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.db.Tables;
import io.agentstore.internal.db.converters.Timestamps;
import io.agentstore.internal.shape.Param;
import io.agentstore.internal.shape.RowMapper;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.impl.SQLDataType;

/**
 * Keyset pagination, once for every listing: the cursor is the sort key of the last row of
 * the previous page; a page fetches {@code limit + 1} rows to know whether another follows.
 */
final class Pages {

    static final int MAX_PAGE = 1_000;

    /** Rows a page fetches: one more than it returns. */
    static final Param<Integer> LIMIT = Param.of("limit", SQLDataType.INTEGER);

    /** The timestamp part of a keyset cursor (typed as a timestamp column: compared as a time on every engine). */
    static final Param<Instant> AFTER_AT = Param.of("afterAt", Tables.SESSIONS.CREATED_AT);

    /** The timestamp part of a newest-first keyset cursor. */
    static final Param<Instant> BEFORE_AT = Param.of("beforeAt", Tables.SESSIONS.CREATED_AT);

    /** The time part of a newest-first first page's key: the latest storable instant. */
    static final String AFTER_ALL = "~";

    /** The time part of an oldest-first first page's key: the earliest storable instant. */
    static final String BEFORE_ALL = "";

    /** The time of a cursor's key: {@link #AFTER_ALL}, {@link #BEFORE_ALL} or a stored timestamp's text. */
    static Instant time(String part) {
        if (AFTER_ALL.equals(part)) {
            return Timestamps.MAX;
        }
        if (BEFORE_ALL.equals(part)) {
            return Timestamps.MIN;
        }
        try {
            return Timestamps.parse(part);
        } catch (IllegalArgumentException e) {
            throw Failures.of(ErrorCode.INVALID_ARGUMENT, "not a cursor: " + e.getMessage(), e);
        }
    }

    private Pages() {}

    /** Binds a page's query to the key it starts after (the listing's first key on page one). */
    @FunctionalInterface
    interface Binder {
        Call bind(Conn c, String[] after) throws SQLException;
    }

    static <T> Page<T> keyset(
            Database db,
            String doing,
            String listing,
            PageRequest page,
            String[] first,
            Binder binder,
            RowMapper<T> mapper,
            Function<T, String[]> keyOf) {
        int limit = limit(page);
        String cursor = cursor(page);
        Check.limit(limit, MAX_PAGE);
        String[] after = cursor == null ? first : Cursor.decode(listing, cursor, first.length);
        return page(
                db.read(doing, c -> binder.bind(c, after).set(LIMIT, limit + 1).list(mapper)), limit, listing, keyOf);
    }

    /** A page from up to {@code limit + 1} rows: the extra row only says that another page follows. */
    static <T> Page<T> page(List<T> rows, int limit, String listing, Function<T, String[]> keyOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, Optional.empty());
        }
        return new Page<>(
                rows.subList(0, limit),
                Optional.of(PageRequest.after(Cursor.encode(listing, keyOf.apply(rows.get(limit - 1))), limit)));
    }

    /** A request's size, refused when the request itself is missing. */
    static int limit(PageRequest page) {
        return Failures.required(page, "the page request").limit();
    }

    /** A request's cursor, or null for the first page. */
    static String cursor(PageRequest page) {
        return Failures.required(page, "the page request").cursor().orElse(null);
    }

    /** A numeric part of a cursor. */
    static long number(String listing, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw Failures.of(
                    ErrorCode.INVALID_ARGUMENT, "not a cursor of " + listing + ": bad number " + Check.quote(value), e);
        }
    }
}
