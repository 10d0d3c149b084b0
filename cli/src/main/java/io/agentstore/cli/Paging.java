package io.agentstore.cli;

import io.agentstore.Page;
import io.agentstore.PageRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** A listing's page: {@code --limit} and {@code --cursor} in, the rows and the next page's cursor out. */
final class Paging {

    @Option(names = "--limit", defaultValue = "20", description = "At most this many (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--cursor", description = "The page after this cursor (printed as next by the previous page).")
    String cursor;

    PageRequest request() {
        return cursor == null ? PageRequest.first(limit) : PageRequest.after(cursor, limit);
    }

    /** Prints a page: its rows under {@code columns}, then its next cursor (none on the last page). */
    static <T> void print(Out out, List<String> columns, Page<T> page, Function<T, Map<String, Object>> row) {
        out.table(
                columns,
                page.items().stream().<Map<String, ?>>map(row::apply).toList(),
                Out.fields("next", page.nextCursor().orElse(null)));
    }
}
