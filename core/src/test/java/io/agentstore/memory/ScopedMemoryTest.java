package io.agentstore.memory;

import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.PageRequest;
import io.agentstore.StoreTestBase;
import io.agentstore.sessions.NewSession;
import io.agentstore.sessions.Session;
import io.agentstore.sessions.SessionStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScopedMemoryTest extends StoreTestBase {

    private Session session;
    private ScopedMemory scoped;

    @BeforeEach
    void openSession() {
        session = store().sessions()
                .create(NewSession.of("helpdesk", "alice").withId("s1").withProject("apollo"));
        scoped = store().memory().scoped(session);
    }

    @Test
    void theScopesAreRootedAtTheSessionsIds() {
        assertThat(scoped.namespace(MemoryScope.SESSION)).contains("session:s1");
        assertThat(scoped.namespace(MemoryScope.USER)).contains("user:alice");
        assertThat(scoped.namespace(MemoryScope.APP)).contains("app:helpdesk");
        assertThat(scoped.namespace(MemoryScope.PROJECT)).contains("project:apollo");
        assertThat(scoped.namespace(MemoryScope.TEMP)).isEmpty();
    }

    @Test
    void aKeyResolvesInPrecedenceOrderTempSessionUserAppProject() {
        MemoryStore m = store().memory();
        m.add(NewMemory.of("project:apollo", "tone", "project"));
        assertThat(scoped.resolve("tone").orElseThrow().scope()).isEqualTo(MemoryScope.PROJECT);
        m.add(NewMemory.of("app:helpdesk", "tone", "app"));
        assertThat(scoped.resolve("tone").orElseThrow().scope()).isEqualTo(MemoryScope.APP);
        m.add(NewMemory.of("user:alice", "tone", "user"));
        assertThat(scoped.resolve("tone").orElseThrow().scope()).isEqualTo(MemoryScope.USER);
        m.add(NewMemory.of("session:s1", "tone", "session"));
        Resolved fromSession = scoped.resolve("tone").orElseThrow();
        assertThat(fromSession.scope()).isEqualTo(MemoryScope.SESSION);
        assertThat(fromSession.value()).isEqualTo(Json.of("session"));
        assertThat(fromSession.entry().orElseThrow().namespace()).isEqualTo("session:s1");
        scoped.putTemp("tone", "temp");
        assertThat(scoped.resolve("tone").orElseThrow().scope()).isEqualTo(MemoryScope.TEMP);
        assertThat(scoped.resolve("tone").orElseThrow().entry()).isEmpty();
        scoped.endTurn();
        assertThat(scoped.resolve("tone").orElseThrow().scope()).isEqualTo(MemoryScope.SESSION);
        m.delete("session:s1", "tone");
        m.delete("user:alice", "tone");
        assertThat(scoped.resolve("tone").orElseThrow().scope()).isEqualTo(MemoryScope.APP);
        assertThat(scoped.resolve("absent")).isEmpty();
    }

    @Test
    void resolutionWorksInASubNamespaceAndIgnoresOtherUsers() {
        MemoryStore m = store().memory();
        m.add(NewMemory.of("user:bob:prefs", "lang", "bob's"));
        m.add(NewMemory.of("app:helpdesk:prefs", "lang", "app default"));
        assertThat(scoped.resolve("prefs", "lang").orElseThrow().value()).isEqualTo(Json.of("app default"));
        m.add(NewMemory.of("user:alice:prefs", "lang", "alice's"));
        assertThat(scoped.resolve("prefs", "lang").orElseThrow().value()).isEqualTo(Json.of("alice's"));
    }

    @Test
    void aSessionHandleWritesOnlyItsSessionAndUserScopes() throws Exception {
        assertThat(scoped.put(NewMemory.of("session:s1:notes", "n", 1).withType(MemoryType.EPISODIC))
                        .version())
                .isEqualTo(1);
        assertThat(scoped.put(NewMemory.of("user:alice", "lang", "en")).createdBy())
                .isEqualTo("user:alice");
        assertFails(
                ErrorCode.FORBIDDEN,
                () -> scoped.put(NewMemory.of("app:helpdesk", "k", 1)),
                "elevated",
                "app:helpdesk");
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.put(NewMemory.of("project:apollo:x", "k", 1)), "elevated");
        assertFails(
                ErrorCode.FORBIDDEN,
                () -> scoped.put(NewMemory.of("user:bob", "k", 1)),
                "'user:bob'",
                "outside the scopes");
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.put(NewMemory.of("user:alice2", "k", 1)), "'user:alice2'");
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.put(NewMemory.of("session:s10", "k", 1)), "'session:s10'");
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.delete("app:helpdesk", "k"), "elevated");
        assertThat(
                        countRows(
                                "SELECT count(*) FROM memory_entries WHERE namespace NOT IN ('session:s1:notes', 'user:alice')"))
                .isZero();
        assertThat(countRows("SELECT count(*) FROM audit")).isEqualTo(2);

        ScopedMemory admin = store().memory().elevated(session);
        assertThat(admin.put(NewMemory.of("app:helpdesk", "k", 1)).version()).isEqualTo(1);
        assertThat(admin.put(NewMemory.of("project:apollo", "k", 1)).version()).isEqualTo(1);
        assertFails(ErrorCode.FORBIDDEN, () -> admin.put(NewMemory.of("app:other", "k", 1)), "outside the scopes");
    }

    @Test
    void readsOutsideTheScopesAreRefusedAndNoPrefixWidensThem() {
        store().memory().add(NewMemory.of("user:bob", "secret", 1));
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.get("user:bob", "secret"), "'user:bob'");
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.byPrefix("user", PageRequest.first(10)), "'user'");
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.byPrefix("user:al", PageRequest.first(10)), "'user:al'");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> scoped.byPrefix("user:alice%", PageRequest.first(10)),
                "'user:alice%'");
        assertThat(scoped.byPrefix("user:alice", PageRequest.first(10)).items()).isEmpty();
        assertThat(scoped.get("app:helpdesk", "anything")).isEmpty();
    }

    @Test
    void turnScopedValuesAreNeverPersisted() throws Exception {
        scoped.putTemp("draft", "half a thought");
        assertThat(scoped.resolve("draft").orElseThrow().value()).isEqualTo(Json.of("half a thought"));
        assertThat(countRows("SELECT count(*) FROM memory_entries")).isZero();
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.put(NewMemory.of("temp", "k", 1)));
        scoped.endTurn();
        assertThat(scoped.resolve("draft")).isEmpty();
    }

    @Test
    void idsThatCannotBeNamespaceSegmentsAreRefused() {
        // One rule, at the door: such a session is never created, so it can never be scoped.
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> store().sessions().create(NewSession.of("help desk", "alice")),
                "app name",
                "'help desk'");
    }

    private long countRows(String sql) throws Exception {
        try (Connection c = rawConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theScopesComeFromTheStoredSessionNotFromTheObjectGiven() {
        // An application's own Session object that claims another app and user for the same id.
        Session forged = new Forged(session, "helpdesk", "bob");
        ScopedMemory handle = store().memory().scoped(forged);
        assertThat(handle.userId()).isEqualTo("alice");
        assertThat(handle.namespace(MemoryScope.USER)).contains("user:alice");
        assertFails(ErrorCode.FORBIDDEN, () -> handle.get("user:bob", "k"), "'user:bob'");
        assertThat(store().memory().scoped("s1").namespace(MemoryScope.PROJECT)).contains("project:apollo");
        assertFails(ErrorCode.NOT_FOUND, () -> store().memory().scoped("never-created"), "'never-created'");
    }

    @Test
    void onlyALiveSessionWrites() {
        scoped.put(NewMemory.of("user:alice", "k", 1));
        store().sessions().transition("s1", io.agentstore.sessions.SessionStatus.TERMINATED);
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.put(NewMemory.of("user:alice", "k", 2)), "terminated", "live");
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.delete("user:alice", "k"), "terminated");
        assertFails(
                ErrorCode.FORBIDDEN,
                () -> store().memory().scoped("s1").put(NewMemory.of("session:s1", "k", 1)),
                "terminated");
        // Reading stays allowed, and nothing was written.
        assertThat(scoped.get("user:alice", "k").orElseThrow().version()).isEqualTo(1);
        store().sessions().delete("s1");
        assertFails(ErrorCode.NOT_FOUND, () -> scoped.put(NewMemory.of("user:alice", "k", 3)), "'s1' does not exist");
    }

    /** A Session built by the caller: the stored one's id, another app and user. */
    private record Forged(Session stored, String appName, String userId) implements Session {
        @Override
        public String id() {
            return stored.id();
        }

        @Override
        public String projectId() {
            return null;
        }

        @Override
        public SessionStatus status() {
            return stored.status();
        }

        @Override
        public Json state() {
            return stored.state();
        }

        @Override
        public Json metadata() {
            return stored.metadata();
        }

        @Override
        public long eventCount() {
            return 0;
        }

        @Override
        public Instant createdAt() {
            return stored.createdAt();
        }

        @Override
        public Instant lastUpdateTime() {
            return stored.lastUpdateTime();
        }

        @Override
        public Instant terminatedAt() {
            return null;
        }

        @Override
        public Instant archivedAt() {
            return null;
        }
    }
}
