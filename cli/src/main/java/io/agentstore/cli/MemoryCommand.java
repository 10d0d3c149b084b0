package io.agentstore.cli;

import io.agentstore.AgentStore;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.StoreOptions;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemorySearch;
import io.agentstore.memory.MemoryType;
import io.agentstore.search.SearchHit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "memory",
        mixinStandardHelpOptions = true,
        description = "Reads long-term memory. Reads only.",
        subcommands = {
            MemoryCommand.Get.class,
            MemoryCommand.ListMemory.class,
            MemoryCommand.History.class,
            MemoryCommand.Search.class
        })
final class MemoryCommand extends CommandGroup {

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "A key's current value (or one version of it), with every field.")
    static final class Get implements Callable<Integer> {

        @Mixin
        StoreArgs store;

        @Mixin
        Out out;

        @Parameters(index = "0", paramLabel = "<namespace>")
        String namespace;

        @Parameters(index = "1", paramLabel = "<key>")
        String key;

        @Option(names = "--at-version", paramLabel = "<n>", description = "This version rather than the current one.")
        Integer version;

        @Override
        public Integer call() {
            try (AgentStore s = store.open(true)) {
                MemoryEntry m = (version == null
                                ? s.memory().get(namespace, key)
                                : s.memory().version(namespace, key, version))
                        .orElseThrow(() -> CliFailure.notFound("no memory '" + key + "' in namespace '" + namespace
                                + "'" + (version == null ? "" : " at version " + version)));
                out.record(Rows.memory(m));
                return ExitCode.OK;
            }
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description =
                    "The current entries under a namespace prefix (whole segments), by key; --recent: most recently updated first.")
    static final class ListMemory implements Callable<Integer> {

        @Mixin
        StoreArgs store;

        @Mixin
        Out out;

        @Parameters(index = "0", paramLabel = "<prefix>", description = "A namespace prefix, e.g. user:alice")
        String prefix;

        @Option(names = "--type", description = "Only this type: ${COMPLETION-CANDIDATES}.")
        MemoryType type;

        @Option(names = "--recent", description = "Most recently updated first.")
        boolean recent;

        @Mixin
        Paging paging;

        @Override
        public Integer call() {
            try (AgentStore s = store.open(true)) {
                PageRequest page = paging.request();
                Page<MemoryEntry> entries = recent
                        ? (type == null
                                ? s.memory().recentByPrefix(prefix, page)
                                : s.memory().recentByPrefix(prefix, type, page))
                        : (type == null
                                ? s.memory().byPrefix(prefix, page)
                                : s.memory().byPrefix(prefix, type, page));
                Paging.print(out, Rows.MEMORY_COLUMNS, entries, Rows::memory);
                return ExitCode.OK;
            }
        }
    }

    @Command(
            name = "history",
            mixinStandardHelpOptions = true,
            description = "Every version of a key, oldest first, deleted ones included.")
    static final class History implements Callable<Integer> {

        @Mixin
        StoreArgs store;

        @Mixin
        Out out;

        @Parameters(index = "0", paramLabel = "<namespace>")
        String namespace;

        @Parameters(index = "1", paramLabel = "<key>")
        String key;

        @Override
        public Integer call() {
            try (AgentStore s = store.open(true)) {
                List<MemoryEntry> versions = s.memory().history(namespace, key);
                if (versions.isEmpty()) {
                    throw CliFailure.notFound("no memory '" + key + "' in namespace '" + namespace + "'");
                }
                out.table(
                        List.of("version", "current", "deleted", "updated", "updatedBy", "value"),
                        versions.stream().<Map<String, ?>>map(Rows::memory).toList(),
                        Map.of());
                return ExitCode.OK;
            }
        }
    }

    @Command(
            name = "search",
            mixinStandardHelpOptions = true,
            description = {
                "The entries under a prefix nearest in meaning to a query vector (cosine similarity, exact).",
                "--text needs the embedder that wrote the store's vectors: the all-MiniLM-L6-v2 embedder (agentstore-embedder-minilm and its dependencies) in AGENTSTORE_CLASSPATH."
            })
    static final class Search implements Callable<Integer> {

        @Mixin
        StoreArgs store;

        @Mixin
        Out out;

        @Parameters(index = "0", paramLabel = "<prefix>", description = "A namespace prefix to search under.")
        String prefix;

        static final class Query {
            @Option(
                    names = "--vector",
                    split = ",",
                    paramLabel = "<x>",
                    description = "The query vector, comma-separated.")
            float[] vector;

            @Option(names = "--text", description = "The query text (needs the embedder; see above).")
            String text;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Query query;

        @Option(names = "--type", description = "Only this type: ${COMPLETION-CANDIDATES}.")
        MemoryType type;

        @Option(names = "--limit", defaultValue = "10", description = "At most this many (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--min-score", description = "Only entries at least this similar (-1..1).")
        Double minScore;

        @Override
        public Integer call() {
            UnaryOperator<StoreOptions> embedder = query.text != null ? Embedders.minilm() : UnaryOperator.identity();
            try (AgentStore s = store.open(true, embedder)) {
                MemorySearch search = (query.text != null
                                ? MemorySearch.text(query.text)
                                : MemorySearch.vector(query.vector))
                        .within(prefix)
                        .withLimit(limit);
                if (type != null) {
                    search = search.withType(type);
                }
                if (minScore != null) {
                    search = search.withMinScore(minScore);
                }
                List<SearchHit<MemoryEntry>> hits = s.memory().search(search);
                out.table(
                        List.of("score", "namespace", "key", "version", "value"),
                        hits.stream()
                                .<Map<String, ?>>map(h -> {
                                    Map<String, Object> row =
                                            Out.fields("score", Math.round(h.score() * 10_000) / 10_000.0);
                                    row.putAll(Rows.memory(h.item()));
                                    return row;
                                })
                                .toList(),
                        Map.of());
                return ExitCode.OK;
            }
        }
    }
}
