package io.agentstore.cli;

import io.agentstore.AgentStore;
import io.agentstore.StoreStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        description = "The store's size, its log and its indexes, with the ones no query uses. Reads only.")
final class StatsCommand implements Callable<Integer> {

    @Mixin
    StoreArgs store;

    @Mixin
    Out out;

    @Override
    public Integer call() {
        try (AgentStore s = store.open(true)) {
            StoreStats stats = s.stats();
            StoreStats.Storage storage = stats.storage();
            if (out.json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("store", store.display());
                doc.put("engine", stats.engine());
                doc.put("at", stats.at());
                Map<String, Object> st = new LinkedHashMap<>();
                st.put("databaseBytes", storage.databaseBytes());
                st.put("pageSize", storage.pageSize());
                st.put("pages", storage.pages());
                st.put("freePages", storage.freePages());
                st.put("logBytes", storage.logBytes());
                doc.put("storage", st);
                doc.put(
                        "indexes",
                        stats.indexes().stream()
                                .map(ix -> {
                                    Map<String, Object> m = new LinkedHashMap<>();
                                    m.put("name", ix.name());
                                    m.put("table", ix.table());
                                    m.put("unique", ix.unique());
                                    m.put("foreignKey", ix.foreignKey());
                                    m.put("shapes", ix.shapes());
                                    m.put("scans", ix.scans());
                                    m.put("unused", ix.unused());
                                    return m;
                                })
                                .toList());
                out.print(doc);
                return ExitCode.OK;
            }
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("store", store.display());
            rec.put("engine", stats.engine());
            rec.put(
                    "database",
                    Sizes.bytes(storage.databaseBytes()) + " (" + storage.pages() + " pages of " + storage.pageSize()
                            + " bytes)");
            storage.freePages()
                    .ifPresent(f -> rec.put("free pages", f + " (" + Sizes.bytes(f * storage.pageSize()) + ")"));
            storage.logBytes().ifPresent(l -> rec.put("write-ahead log", Sizes.bytes(l)));
            rec.put("indexes", stats.indexes().size());
            rec.put(
                    "unused indexes",
                    stats.unusedIndexes().isEmpty()
                            ? "none"
                            : String.join(
                                    ", ",
                                    stats.unusedIndexes().stream()
                                            .map(StoreStats.IndexStats::name)
                                            .toList()));
            out.record(rec);
            return ExitCode.OK;
        }
    }
}
