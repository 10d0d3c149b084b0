package io.agentstore;

import io.agentstore.internal.Failures;
import java.util.Objects;
import java.util.Optional;

/**
 * Which page of a listing to read: its size, and where it starts — the first page, or the page
 * after a cursor that an earlier {@link Page} returned ({@link Page#next()} builds it for you).
 * Every listing takes one as its last argument. Each listing says how large a page may be (at
 * most 1000 rows); a larger or non-positive size is refused when the listing runs.
 */
public final class PageRequest {

    private final int limit;
    private final String cursor;

    private PageRequest(int limit, String cursor) {
        this.limit = limit;
        this.cursor = cursor;
    }

    /** The first page, of at most {@code limit} rows. */
    public static PageRequest first(int limit) {
        return new PageRequest(limit, null);
    }

    /** The page after {@code cursor} (from {@link Page#nextCursor()} of the same listing), of at most {@code limit} rows. */
    public static PageRequest after(String cursor, int limit) {
        return new PageRequest(limit, Failures.required(cursor, "the cursor of PageRequest.after"));
    }

    /** The same position with another page size. */
    public PageRequest withLimit(int limit) {
        return new PageRequest(limit, cursor);
    }

    public int limit() {
        return limit;
    }

    /** Where the page starts: empty for the first page. */
    public Optional<String> cursor() {
        return Optional.ofNullable(cursor);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PageRequest o && limit == o.limit && Objects.equals(cursor, o.cursor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(limit, cursor);
    }

    @Override
    public String toString() {
        return cursor == null ? "PageRequest[first " + limit + "]" : "PageRequest[" + limit + " after " + cursor + "]";
    }
}
