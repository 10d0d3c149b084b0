package io.agentstore.cli;

import io.agentstore.AgentStore;
import io.agentstore.StoreCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Checks the store's schema version, integrity and query plans.",
            "Its schema version against this tool's, the engine's integrity check (SQLite: every page, index and foreign key; it reads the whole file), and every query shape's plan.",
            "Reads only. Exits 8 when it finds a problem."
        })
final class CheckCommand implements Callable<Integer> {

    @Mixin
    StoreArgs store;

    @Mixin
    Out out;

    @Override
    public Integer call() {
        StoreCheck check;
        try (AgentStore s = store.open(true)) {
            check = s.check();
        }
        List<StoreCheck.ShapePlan> failing = check.failingPlans();
        if (out.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("store", store.display());
            doc.put("ok", check.ok());
            doc.put("engine", check.engine());
            doc.put("schemaVersion", check.schemaVersion());
            doc.put("librarySchemaVersion", check.librarySchemaVersion());
            doc.put("integrity", check.integrity());
            doc.put("shapes", check.plans().size());
            doc.put(
                    "failingPlans",
                    failing.stream()
                            .map(p -> Map.of("shape", p.shape(), "problems", p.problems(), "plan", p.plan()))
                            .toList());
            out.print(doc);
        } else {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("store", store.display());
            rec.put(
                    "schema version",
                    check.schemaVersion()
                            + (check.schemaVersion() == check.librarySchemaVersion()
                                    ? " (this tool's)"
                                    : " (this tool's is " + check.librarySchemaVersion() + ")"));
            rec.put(
                    "integrity",
                    check.integrity()
                            .map(p -> p.isEmpty() ? "ok" : p.size() + " problem(s): " + String.join("; ", p))
                            .orElse("kept by the server (not checked here)"));
            rec.put(
                    "plans",
                    failing.isEmpty()
                            ? check.plans().size() + " shapes, every one index-served or allowed"
                            : failing.size() + " of " + check.plans().size() + " shapes not index-served: "
                                    + String.join(
                                            ", ",
                                            failing.stream()
                                                    .map(StoreCheck.ShapePlan::shape)
                                                    .toList()));
            rec.put("result", check.ok() ? "ok" : "PROBLEMS FOUND");
            out.record(rec);
        }
        return check.ok() ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }
}
