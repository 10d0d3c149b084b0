package io.agentstore.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentstore.AgentStore;
import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library as a user's build sees it, run once from the module path and once from the class
 * path (surefire's two executions say which through {@code consumer.path}).
 */
class ConsumerTest {

    @TempDir
    Path dir;

    private static final String PATH = System.getProperty("consumer.path", "");

    @Test
    void theLibraryIsLoadedTheWayThisRunSays() {
        Module library = AgentStore.class.getModule();
        Module app = Notes.class.getModule();
        if (PATH.equals("module")) {
            assertEquals("io.agentstore", library.getName(), "the core's module name");
            assertEquals("io.agentstore.consumer", app.getName());
            assertTrue(app.canRead(library));
        } else {
            assertEquals("class", PATH, "run by one of the two surefire executions");
            assertFalse(library.isNamed(), "on the class path the core is in the unnamed module");
        }
    }

    @Test
    void notesAreKeptAcrossOpens() {
        Path file = dir.resolve("notes.db");
        try (Notes notes = new Notes(file)) {
            notes.remember("alice", "coffee", "black, no sugar");
            notes.remember("alice", "city", "Lisbon");
            notes.remember("bob", "city", "Oslo");
        }
        try (Notes notes = new Notes(file)) {
            assertEquals(
                    List.of("Lisbon", "black, no sugar"),
                    notes.recall("alice").stream().sorted().toList());
            assertEquals(List.of("Oslo"), notes.recall("bob"));
        }
    }

    @Test
    void anEmbeddedUserGetsNoPostgresqlArtifact() {
        for (String absent : List.of(
                "org.postgresql.Driver",
                "com.zaxxer.hikari.HikariDataSource",
                "org.flywaydb.database.postgresql.PostgreSQLDatabaseType")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(absent), absent);
        }
    }

    @Test
    void openingPostgresqlWithoutItsArtifactSaysWhichToAdd() {
        AgentStoreException e = assertThrows(
                AgentStoreException.class,
                () -> AgentStore.open("jdbc:postgresql://localhost/agents", "u", "p", StoreOptions.defaults()));
        assertEquals(ErrorCode.STORAGE, e.code());
        assertTrue(e.getMessage().contains("io.agentstore:agentstore-postgresql"), e.getMessage());
    }

    @Test
    void closingLeavesOnlyTheDatabaseFile() throws Exception {
        Path file = dir.resolve("alone.db");
        try (Notes notes = new Notes(file)) {
            notes.remember("carol", "k", "v");
        }
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(
                    List.of("alone.db"),
                    files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
