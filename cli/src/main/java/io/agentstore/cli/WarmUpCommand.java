package io.agentstore.cli;

import io.agentstore.AgentStore;
import io.agentstore.PageRequest;
import io.agentstore.StoreOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * Loads the classes a command uses, on a store of its own in a temporary folder, so that the
 * launcher can record them in a class-data archive once (Java's AppCDS): later runs start in
 * about two thirds of the time. Run by the launcher, not by users.
 */
@Command(
        name = "warm-up",
        hidden = true,
        description = "Loads the classes the commands use (for the launcher's class-data archive).")
final class WarmUpCommand implements Callable<Integer> {

    @Override
    public Integer call() throws IOException {
        Path dir = Files.createTempDirectory("agentstore-warm-up");
        try {
            Path file = dir.resolve("warm.db");
            try (AgentStore s = AgentStore.open(file)) {
                s.sessions().get("none");
                s.sessions().byUser("none", PageRequest.first(1));
                s.memory().get("user:none", "none");
                s.memory().byPrefix("user:none", PageRequest.first(1));
                s.stats();
                s.exportTo(OutputStream.nullOutputStream());
            }
            try (AgentStore s = AgentStore.open(file, StoreOptions.defaults().withReadOnly(true))) {
                s.check();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        return ExitCode.OK;
    }
}
