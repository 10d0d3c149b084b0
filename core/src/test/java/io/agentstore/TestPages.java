package io.agentstore;

/** The tests' shorthand for a page request from a limit and a cursor that may be null (the first page). */
public final class TestPages {

    private TestPages() {}

    public static PageRequest page(int limit, String cursor) {
        return cursor == null ? PageRequest.first(limit) : PageRequest.after(cursor, limit);
    }
}
