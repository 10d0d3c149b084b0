package io.agentstore.cli;

import io.agentstore.AgentStoreException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code agentstore} command: the operator's tools for a store, as subcommands. */
@Command(
        name = "agentstore",
        mixinStandardHelpOptions = true,
        versionProvider = AgentstoreCli.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Looks into, checks, backs up, restores, exports, imports and moves an agentstore store: an SQLite file or a PostgreSQL database.",
            "Commands that only read open an SQLite file read-only.",
            "",
            "The store is named by --store or $AGENTSTORE_STORE; a PostgreSQL password comes from $AGENTSTORE_DB_PASSWORD or --db-password-file, never from the command line."
        },
        footer = {
            "",
            "Exit codes:",
            "  0  done",
            "  1  failed (storage, unexpected)",
            "  2  wrong command line",
            "  3  not found",
            "  4  refused input (a value, a file)",
            "  5  conflict (e.g. importing into a store with data)",
            "  6  busy (the store is open or locked elsewhere)",
            "  7  not supported (e.g. a backup of PostgreSQL, a write on a read-only store)",
            "  8  check found a problem"
        },
        subcommands = {
            StatsCommand.class,
            CheckCommand.class,
            BackupCommand.class,
            RestoreCommand.class,
            ExportCommand.class,
            ImportCommand.class,
            MigrateCommand.class,
            RetentionCommand.class,
            SessionsCommand.class,
            EventsCommand.class,
            MemoryCommand.class,
            WarmUpCommand.class,
            CommandLine.HelpCommand.class
        })
public final class AgentstoreCli extends CommandGroup {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code. */
    static int run(String... args) {
        // Library logging: warnings and errors only, on standard error (standard output is the result).
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", debug() ? "debug" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        CommandLine cli = new CommandLine(new AgentstoreCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            boolean json = false;
            for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
                json |= p.hasMatchedOption("--json");
            }
            int code;
            String message;
            String name;
            if (e instanceof AgentStoreException a) {
                code = ExitCode.of(a);
                message = a.getMessage();
                name = a.code().name();
            } else if (e instanceof CliFailure f) {
                code = f.exitCode;
                message = f.getMessage();
                name = f.code;
            } else {
                code = ExitCode.FAILED;
                message = e.getClass().getSimpleName() + ": " + e.getMessage();
                name = "FAILED";
            }
            err.println("agentstore: " + message);
            if (debug()) {
                e.printStackTrace(err);
            }
            err.flush();
            if (json) {
                commandLine
                        .getOut()
                        .println("{\"error\":{\"code\":\"" + name + "\",\"exitCode\":" + code + ",\"message\":"
                                + quote(message) + "}}");
                commandLine.getOut().flush();
            }
            return code;
        });
        return cli.execute(args);
    }

    private static boolean debug() {
        return System.getenv("AGENTSTORE_DEBUG") != null;
    }

    private static String quote(String s) {
        try {
            return Out.JSON.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "\"\"";
        }
    }

    /** The version of the jar (the build's). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AgentstoreCli.class.getPackage().getImplementationVersion();
            return new String[] {"agentstore " + (v == null ? "(development build)" : v)};
        }
    }
}
