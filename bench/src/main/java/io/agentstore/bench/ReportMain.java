package io.agentstore.bench;

import io.agentstore.AgentStore;
import io.agentstore.internal.SqliteCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main job: the validation report. This first version creates and migrates an embedded
 * SQLite file and writes the index inventory and the duplicate-index verdict; the measurements
 * of every query shape come with the benchmarks issue.
 */
@Command(name = "agentstore-report", mixinStandardHelpOptions = true,
        description = "Creates and migrates an embedded SQLite file and writes the validation report.")
public final class ReportMain implements Callable<Integer> {

    @Option(names = "--db", defaultValue = "target/report/agentstore.db",
            description = "The SQLite file to create or reuse (default: ${DEFAULT-VALUE}).")
    Path db;

    @Option(names = "--out", defaultValue = "target/report",
            description = "The folder the report is written to (default: ${DEFAULT-VALUE}).")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReportMain()).execute(args));
    }

    @Override
    public Integer call() throws IOException, SQLException {
        System.out.println("Opening and migrating " + db.toAbsolutePath());
        AgentStore.open(db).close();
        Files.createDirectories(out);
        Path report = out.resolve("report.md");
        List<SqliteCatalog.Index> indexes;
        List<String> redundant;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
            indexes = SqliteCatalog.indexes(c);
            redundant = SqliteCatalog.redundantIndexes(indexes);
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(report))) {
            w.println("# agentstore validation report");
            w.println();
            w.println("Database: `" + db.toAbsolutePath() + "`");
            w.println();
            w.println("## Index inventory");
            w.println();
            w.println("| index | table | columns | unique | origin | partial WHERE |");
            w.println("|---|---|---|---|---|---|");
            for (SqliteCatalog.Index ix : indexes) {
                w.println("| " + ix.name() + " | " + ix.table() + " | " + ix.columns() + " | " + ix.unique() + " | "
                        + ix.origin() + " | " + (ix.where() == null ? "" : "`" + ix.where() + "`") + " |");
            }
            w.println();
            w.println("Redundant indexes: " + (redundant.isEmpty() ? "none" : String.join("; ", redundant)));
        }
        System.out.println(indexes.size() + " indexes, " + redundant.size() + " redundant");
        System.out.println("Report written to " + report.toAbsolutePath());
        return redundant.isEmpty() ? 0 : 1;
    }
}
