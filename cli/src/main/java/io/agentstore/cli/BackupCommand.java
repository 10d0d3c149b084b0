package io.agentstore.cli;

import io.agentstore.AgentStore;
import io.agentstore.transfer.BackupReport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = {
            "Copies an SQLite store, consistently, while it serves: the copy is a store file of the same version, readable by its owner only.",
            "PostgreSQL is backed up with the server's own tools (pg_dump, pg_basebackup), or logically with `agentstore export`."
        })
final class BackupCommand implements Callable<Integer> {

    @Mixin
    StoreArgs store;

    @Mixin
    Out out;

    @Mixin
    Bars bars;

    @Parameters(
            index = "0",
            paramLabel = "<target>",
            description = "The backup file to write (must not be the store's own).")
    Path target;

    @Override
    public Integer call() {
        BackupReport report;
        try (AgentStore s = store.open(true);
                Bars.Bar bar = bars.start("Backup", "pages", out.json)) {
            report = s.backup(target, bar);
        }
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("file", report.file());
        rec.put("pages", report.pages());
        rec.put("bytes", report.bytes());
        rec.put("took", out.json ? report.took().toMillis() / 1e3 : Sizes.took(report.took()));
        out.record(rec);
        return ExitCode.OK;
    }
}
