package io.agentstore.cli;

import io.agentstore.AgentStore;
import io.agentstore.transfer.ExportReport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Writes everything in the store to an engine-neutral JSON Lines file, from one consistent snapshot of the store while it serves (see docs/backup.md for the format).",
            "A name ending in .gz is compressed; the file is readable by its owner only. '-' writes to standard output (the report then goes to standard error). Reads only."
        })
final class ExportCommand implements Callable<Integer> {

    @Mixin
    StoreArgs store;

    @Mixin
    Out out;

    @Mixin
    Bars bars;

    @Parameters(index = "0", paramLabel = "<file|->", description = "The export file, or - for standard output.")
    String target;

    @Override
    public Integer call() {
        ExportReport report;
        boolean toStdout = target.equals("-");
        try (AgentStore s = store.open(true);
                Bars.Bar bar = bars.start("Export", "rows", out.json || toStdout)) {
            if (toStdout) {
                OutputStream stdout =
                        new BufferedOutputStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16);
                report = s.exportTo(stdout, bar);
                try {
                    stdout.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException("writing the export to standard output", e);
                }
            } else {
                report = s.exportTo(Path.of(target), bar);
            }
        }
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("file", toStdout ? "-" : target);
        rec.put("schemaVersion", report.schemaVersion());
        rec.put("rows", report.totalRows());
        rec.put("bytes", report.bytes());
        rec.put("took", out.json ? report.took().toMillis() / 1e3 : Sizes.took(report.took()));
        if (out.json) {
            rec.put("tables", report.rows());
        }
        if (toStdout) {
            out.err()
                    .println("exported " + report.totalRows() + " rows (" + Sizes.bytes(report.bytes()) + ") in "
                            + Sizes.took(report.took()));
            out.err().flush();
        } else {
            out.record(rec);
        }
        return ExitCode.OK;
    }
}
