package io.agentstore.cli;

import io.agentstore.AgentStore;
import io.agentstore.transfer.ExportReport;
import io.agentstore.transfer.ImportOptions;
import io.agentstore.transfer.ImportReport;
import io.agentstore.transfer.Progress;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = {
            "Moves a store to another engine or place: its export piped into an import of the target (an SQLite file's path or a jdbc:postgresql: URL), in constant memory, with no file between.",
            "The source is read from one consistent snapshot and not changed; the target is loaded in one transaction, and must be empty unless --merge."
        })
final class MigrateCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreArgs store;

    @Mixin
    Out out;

    @Mixin
    Bars bars;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "<file|jdbc-url>",
            description = "The target store: an SQLite file's path or a jdbc:postgresql: URL.")
    String to;

    @Option(
            names = "--to-db-user",
            defaultValue = "${env:AGENTSTORE_TO_DB_USER}",
            description = "PostgreSQL target: the user (default: $AGENTSTORE_TO_DB_USER).")
    String toUser;

    @Option(
            names = "--to-db-password-file",
            paramLabel = "<file>",
            defaultValue = "${env:AGENTSTORE_TO_DB_PASSWORD_FILE}",
            description = "PostgreSQL target: a file holding the password (default: $AGENTSTORE_TO_DB_PASSWORD_FILE); "
                    + "otherwise $AGENTSTORE_TO_DB_PASSWORD.")
    Path toPasswordFile;

    @Option(names = "--merge", description = "Load beside the rows the target has (see import --merge).")
    boolean merge;

    @Override
    public Integer call() throws Exception {
        if (StoreArgs.display(to).equals(store.display())) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "The target is the store itself: " + to);
        }
        try (AgentStore source = store.open(true);
                AgentStore target = StoreArgs.open(
                        spec,
                        to,
                        toUser,
                        toPasswordFile,
                        "AGENTSTORE_TO_DB_PASSWORD",
                        false,
                        java.util.function.UnaryOperator.identity());
                Bars.Bar bar = bars.start("Migrate", "rows", out.json)) {
            PipedInputStream in = new PipedInputStream(1 << 20);
            PipedOutputStream pipe = new PipedOutputStream(in);
            CompletableFuture<ExportReport> exported = CompletableFuture.supplyAsync(() -> {
                try (pipe) {
                    return source.exportTo(pipe, bar);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ImportReport imported;
            try (in) {
                ImportOptions options = merge ? ImportOptions.defaults().merging() : ImportOptions.defaults();
                imported = target.importFrom(in, options.withProgress(Progress.none()));
            } catch (RuntimeException importFailed) {
                // The export stops at its next write into the closed pipe; its own failure, if it
                // failed first, is the cause to tell (the import only saw the file end early).
                try {
                    exported.get();
                } catch (ExecutionException exportFailed) {
                    if (exportFailed.getCause() instanceof RuntimeException r
                            && !(r.getCause() instanceof IOException)) {
                        throw r;
                    }
                }
                throw importFailed;
            }
            ExportReport report;
            try {
                report = exported.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            Map<String, Object> rec = ImportCommand.report(store.display(), imported, out.json);
            rec.put("to", StoreArgs.display(to));
            rec.put("bytes", report.bytes());
            out.record(rec);
            return ExitCode.OK;
        }
    }
}
