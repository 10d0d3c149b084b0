package io.agentstore.cli;

import io.agentstore.AgentStore;
import io.agentstore.transfer.ImportOptions;
import io.agentstore.transfer.ImportReport;
import java.io.BufferedInputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Loads an export into the store, of either engine, in one transaction: all of it or, on any error (a file cut short, altered, of a newer format), nothing.",
            "A store that already has data is refused (exit 5) unless --merge. The store is created if it does not exist."
        })
final class ImportCommand implements Callable<Integer> {

    @Mixin
    StoreArgs store;

    @Mixin
    Out out;

    @Mixin
    Bars bars;

    @Parameters(
            index = "0",
            paramLabel = "<file|->",
            description = "The export file (.gz too), or - for standard input.")
    String source;

    @Option(
            names = "--merge",
            description = "Load beside the rows the store has; a row whose key the store already has fails the import.")
    boolean merge;

    @Override
    public Integer call() {
        ImportReport report;
        try (AgentStore s = store.open(false);
                Bars.Bar bar = bars.start("Import", "rows", out.json)) {
            ImportOptions options =
                    (merge ? ImportOptions.defaults().merging() : ImportOptions.defaults()).withProgress(bar);
            report = source.equals("-")
                    ? s.importFrom(new BufferedInputStream(System.in, 1 << 16), options)
                    : s.importFrom(Path.of(source), options);
        }
        out.record(report(source, report, out.json));
        return ExitCode.OK;
    }

    static Map<String, Object> report(String source, ImportReport report, boolean json) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("from", source);
        rec.put("sourceEngine", report.sourceEngine());
        rec.put("schemaVersion", report.schemaVersion());
        rec.put("rows", report.totalRows());
        rec.put("took", json ? report.took().toMillis() / 1e3 : Sizes.took(report.took()));
        if (json) {
            rec.put("tables", report.rows());
        }
        return rec;
    }
}
