package io.agentstore;

import io.agentstore.internal.Failures;
import java.util.List;
import java.util.Optional;

/**
 * One page of a keyset-paginated listing. {@link #next()} is the request for the page after it
 * (same size), empty on the last page: pass it to the same listing. A cursor is opaque and stays
 * valid while rows are added or removed (a page never repeats or skips a row that existed
 * throughout).
 *
 * <pre>{@code
 * PageRequest request = PageRequest.first(100);
 * for (Page<Session> page; ; request = page.next().get()) {
 *     page = store.sessions().byUser("alice", request);
 *     page.items().forEach(this::show);
 *     if (!page.hasMore()) break;
 * }
 * }</pre>
 *
 * @param items the rows of this page, in the listing's order
 * @param next  the request for the next page, or empty on the last page
 */
public record Page<T>(List<T> items, Optional<PageRequest> next) {

    public Page {
        items = List.copyOf(Failures.required(items, "items"));
        Failures.required(next, "next");
    }

    /** Whether another page follows. */
    public boolean hasMore() {
        return next.isPresent();
    }

    /** The cursor of the next page (to hand to a client that asks for it later), or empty on the last page. */
    public Optional<String> nextCursor() {
        return next.flatMap(PageRequest::cursor);
    }
}
