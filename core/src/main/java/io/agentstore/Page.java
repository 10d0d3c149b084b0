package io.agentstore;

import java.util.List;
import java.util.Optional;

/**
 * One page of a keyset-paginated listing. Pass {@link #nextCursor()} to the same listing to get
 * the next page; it is empty on the last page. A cursor is opaque and stays valid while rows
 * are added or removed (a page never repeats or skips a row that existed throughout).
 */
public record Page<T>(List<T> items, Optional<String> nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    public boolean hasMore() {
        return nextCursor.isPresent();
    }
}
