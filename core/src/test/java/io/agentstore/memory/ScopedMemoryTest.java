package io.agentstore.memory;

import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.StoreTestBase;
import io.agentstore.sessions.NewSession;
import io.agentstore.sessions.Session;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
        m.delete("session:s1", "tone", null);
        m.delete("user:alice", "tone", null);
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
        assertThat(scoped.put("session:s1:notes", "n", 1, MemoryType.EPISODIC).version())
                .isEqualTo(1);
        assertThat(scoped.put("user:alice", "lang", "en", null).createdBy()).isEqualTo("user:alice");
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.put("app:helpdesk", "k", 1, null), "elevated", "app:helpdesk");
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.put("project:apollo:x", "k", 1, null), "elevated");
        assertFails(
                ErrorCode.FORBIDDEN, () -> scoped.put("user:bob", "k", 1, null), "'user:bob'", "outside the scopes");
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.put("user:alice2", "k", 1, null), "'user:alice2'");
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.put("session:s10", "k", 1, null), "'session:s10'");
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.delete("app:helpdesk", "k"), "elevated");
        assertThat(
                        countRows(
                                "SELECT count(*) FROM memory_entries WHERE namespace NOT IN ('session:s1:notes', 'user:alice')"))
                .isZero();
        assertThat(countRows("SELECT count(*) FROM audit")).isEqualTo(2);

        ScopedMemory admin = store().memory().elevated(session);
        assertThat(admin.put("app:helpdesk", "k", 1, null).version()).isEqualTo(1);
        assertThat(admin.put("project:apollo", "k", 1, null).version()).isEqualTo(1);
        assertFails(ErrorCode.FORBIDDEN, () -> admin.put("app:other", "k", 1, null), "outside the scopes");
    }

    @Test
    void readsOutsideTheScopesAreRefusedAndNoPrefixWidensThem() {
        store().memory().add(NewMemory.of("user:bob", "secret", 1));
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.get("user:bob", "secret"), "'user:bob'");
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.list("user", null, 10, null), "'user'");
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.list("user:al", null, 10, null), "'user:al'");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> scoped.list("user:alice%", null, 10, null), "'user:alice%'");
        assertThat(scoped.list("user:alice", null, 10, null).items()).isEmpty();
        assertThat(scoped.get("app:helpdesk", "anything")).isEmpty();
    }

    @Test
    void turnScopedValuesAreNeverPersisted() throws Exception {
        scoped.putTemp("draft", "half a thought");
        assertThat(scoped.resolve("draft").orElseThrow().value()).isEqualTo(Json.of("half a thought"));
        assertThat(countRows("SELECT count(*) FROM memory_entries")).isZero();
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.put("temp", "k", 1, null));
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
        Session forged = new Session(
                session.id(),
                "helpdesk",
                "bob",
                null,
                session.status(),
                session.state(),
                session.metadata(),
                0,
                session.createdAt(),
                session.lastUpdateTime(),
                null,
                null);
        ScopedMemory handle = store().memory().scoped(forged);
        assertThat(handle.userId()).isEqualTo("alice");
        assertThat(handle.namespace(MemoryScope.USER)).contains("user:alice");
        assertFails(ErrorCode.FORBIDDEN, () -> handle.get("user:bob", "k"), "'user:bob'");
        assertThat(store().memory().scoped("s1").namespace(MemoryScope.PROJECT)).contains("project:apollo");
        assertFails(ErrorCode.NOT_FOUND, () -> store().memory().scoped("never-created"), "'never-created'");
    }

    @Test
    void onlyALiveSessionWrites() {
        scoped.put("user:alice", "k", 1, null);
        store().sessions().transition("s1", io.agentstore.sessions.SessionStatus.TERMINATED);
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.put("user:alice", "k", 2, null), "terminated", "live");
        assertFails(ErrorCode.FORBIDDEN, () -> scoped.delete("user:alice", "k"), "terminated");
        assertFails(
                ErrorCode.FORBIDDEN, () -> store().memory().scoped("s1").put("session:s1", "k", 1, null), "terminated");
        // Reading stays allowed, and nothing was written.
        assertThat(scoped.get("user:alice", "k").orElseThrow().version()).isEqualTo(1);
        store().sessions().delete("s1");
        assertFails(ErrorCode.NOT_FOUND, () -> scoped.put("user:alice", "k", 3, null), "'s1' does not exist");
    }
}
