package io.agentstore.cli;

import io.agentstore.AgentStore;
import io.agentstore.transfer.BackupReport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = {
            "Replaces an SQLite store's file with a backup, after checking the backup is a sound store file this tool can open.",
            "Refused (exit 6) while anything has the store open; the file is never left half-written."
        })
final class RestoreCommand implements Callable<Integer> {

    @Mixin
    StoreArgs store;

    @Mixin
    Out out;

    @Mixin
    Bars bars;

    @Parameters(index = "0", paramLabel = "<backup>", description = "The backup file (from `agentstore backup`).")
    Path backup;

    @Override
    public Integer call() {
        Path file = store.file();
        if (file == null) {
            throw new ParameterException(
                    store.spec.commandLine(),
                    "restore replaces an SQLite file; a PostgreSQL database is restored with the server's tools, "
                            + "or loaded with `agentstore import`");
        }
        BackupReport report;
        try (Bars.Bar bar = bars.start("Restore", "pages", out.json)) {
            report = AgentStore.restore(backup, file, bar);
        }
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("file", report.file());
        rec.put("from", backup);
        rec.put("pages", report.pages());
        rec.put("bytes", report.bytes());
        rec.put("took", out.json ? report.took().toMillis() / 1e3 : Sizes.took(report.took()));
        out.record(rec);
        return ExitCode.OK;
    }
}
