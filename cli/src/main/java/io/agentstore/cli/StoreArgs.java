package io.agentstore.cli;

import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Which store a command works on, and its credentials. The store is an SQLite file's path or a
 * {@code jdbc:postgresql:} URL; the password comes from the environment or a file, never from
 * the command line, where every user of the host can read it in the process list.
 */
final class StoreArgs {

    @Spec(Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = {"-s", "--store"},
            paramLabel = "<file|jdbc-url>",
            defaultValue = "${env:AGENTSTORE_STORE}",
            description = "The store: an SQLite file's path or a jdbc:postgresql: URL (default: $AGENTSTORE_STORE).")
    String store;

    @Option(
            names = "--db-user",
            defaultValue = "${env:AGENTSTORE_DB_USER}",
            description = "PostgreSQL: the user (default: $AGENTSTORE_DB_USER).")
    String user;

    @Option(
            names = "--db-password-file",
            paramLabel = "<file>",
            defaultValue = "${env:AGENTSTORE_DB_PASSWORD_FILE}",
            description =
                    "PostgreSQL: a file holding the password (its first line; default: $AGENTSTORE_DB_PASSWORD_FILE). "
                            + "Otherwise $AGENTSTORE_DB_PASSWORD. Never given on the command line.")
    Path passwordFile;

    /** The store's name as output may show it: a URL without its parameters. */
    String display() {
        return display(required());
    }

    static String display(String store) {
        return isUrl(store) ? store.replaceAll("[?;].*", "") : store;
    }

    private String required() {
        if (store == null || store.isBlank()) {
            throw new ParameterException(
                    spec.commandLine(), "Missing the store: give --store <file|jdbc-url> or set AGENTSTORE_STORE");
        }
        return store;
    }

    static boolean isUrl(String store) {
        return store.startsWith("jdbc:");
    }

    /** The SQLite file, or null for a PostgreSQL URL. */
    Path file() {
        String s = required();
        return isUrl(s) ? null : Path.of(s);
    }

    /** Opens the store; {@code readOnly} where the command only reads. */
    AgentStore open(boolean readOnly) {
        return open(readOnly, UnaryOperator.identity());
    }

    /** Opens the store with options of the command's own (an embedder). */
    AgentStore open(boolean readOnly, UnaryOperator<StoreOptions> more) {
        return open(spec, required(), user, passwordFile, "AGENTSTORE_DB_PASSWORD", readOnly, more);
    }

    static AgentStore open(
            picocli.CommandLine.Model.CommandSpec spec,
            String store,
            String user,
            Path passwordFile,
            String passwordVariable,
            boolean readOnly,
            UnaryOperator<StoreOptions> more) {
        StoreOptions options = more.apply(StoreOptions.defaults()
                .withReadOnly(readOnly)
                .withReadConnections(2)
                .withPoolSize(2));
        if (!isUrl(store)) {
            return AgentStore.open(Path.of(store), options);
        }
        if (!store.startsWith("jdbc:postgresql:")) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Not a store: " + display(store) + " (an SQLite file's path or a jdbc:postgresql: URL)");
        }
        if (store.toLowerCase(Locale.ROOT).matches(".*[?&;]password=.*")) {
            throw new ParameterException(
                    spec.commandLine(),
                    "The URL " + display(store) + " carries a password, which every user of this host can read in the "
                            + "process list: give it in $" + passwordVariable + " or a --db-password-file instead");
        }
        return AgentStore.open(store, user, password(spec, passwordFile, passwordVariable), options);
    }

    private static String password(picocli.CommandLine.Model.CommandSpec spec, Path file, String variable) {
        if (file != null) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                int end = text.indexOf('\n');
                return (end < 0 ? text : text.substring(0, end)).replace("\r", "");
            } catch (IOException e) {
                throw new ParameterException(
                        spec.commandLine(), "Cannot read the password file " + file + ": " + e.getMessage());
            }
        }
        return System.getenv(variable);
    }
}
