package io.agentstore.sessions;

import static io.agentstore.Errors.assertFails;
import static io.agentstore.TestPages.page;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.StoreTestBase;
import io.agentstore.memory.MemoryScope;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionStoreTest extends StoreTestBase {

    private SessionStore sessions() {
        return store().sessions();
    }

    @Test
    void createsWithAGeneratedOrAGivenIdAndReadsItBack() {
        Session generated = sessions().create(NewSession.of("bot", "alice").withMetadata(Map.of("channel", "web")));
        Session given = sessions()
                .create(NewSession.of("bot", "bob")
                        .withId("s-42")
                        .withProject("apollo")
                        .withState(Map.of("lang", "en")));
        assertThat(generated.id()).hasSize(36);
        assertThat(given.id()).isEqualTo("s-42");
        Session read = sessions().get("s-42").orElseThrow();
        assertThat(read).isEqualTo(given);
        assertThat(read.status()).isEqualTo(SessionStatus.CREATED);
        assertThat(read.state().tree().get("lang").asText()).isEqualTo("en");
        assertThat(read.project()).contains("apollo");
        assertThat(sessions().get(generated.id()).orElseThrow().metadata())
                .isEqualTo(Json.of(Map.of("channel", "web")));
        assertThat(sessions().get("nope")).isEmpty();
    }

    @Test
    void aTakenIdIsAConflictAndTheFirstSessionIsKept() {
        sessions().create(NewSession.of("bot", "alice").withId("s1"));
        assertFails(
                ErrorCode.CONFLICT,
                () -> sessions().create(NewSession.of("bot", "mallory").withId("s1")),
                "'s1'");
        assertThat(sessions().get("s1").orElseThrow().userId()).isEqualTo("alice");
    }

    @Test
    void badInputIsRefusedNamingTheValue() {
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> sessions().create(NewSession.of("bot", "")), "user id");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> sessions().create(NewSession.of("bot", "al\u0000ice")),
                "U+0000",
                "'al\\u0000ice'");
        assertFails(
                ErrorCode.INVALID_ARGUMENT, () -> sessions().create(NewSession.of("bot", "a".repeat(129))), "1..128");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> sessions().create(NewSession.of("bot", "alice").withMetadata(List.of(1, 2))),
                "must be a JSON object",
                "[1,2]");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> sessions().create(NewSession.of("bot", "alice").withState(Map.of("temp:x", 1))),
                "temp:x");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> sessions().byUser("alice", PageRequest.first(0)), "limit", "0");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> sessions().byUser("alice", page(10, "garbage!")), "garbage!");
    }

    @Test
    void theLifecycleAllowsExactlyItsTransitions() {
        for (SessionStatus from : SessionStatus.values()) {
            for (SessionStatus to : SessionStatus.values()) {
                Session s = sessionIn(from);
                if (from.canMoveTo(to)) {
                    Session moved = sessions().transition(s.id(), to);
                    assertThat(moved.status()).isEqualTo(to);
                    assertThat(sessions().get(s.id()).orElseThrow().status()).isEqualTo(to);
                } else {
                    assertFails(
                            ErrorCode.CONFLICT,
                            () -> sessions().transition(s.id(), to),
                            "from " + from.name().toLowerCase(Locale.ROOT) + " to "
                                    + to.name().toLowerCase(Locale.ROOT));
                    assertThat(sessions().get(s.id()).orElseThrow().status()).isEqualTo(from);
                }
            }
        }
        // The documented table, spelled out.
        assertThat(SessionStatus.CREATED.next())
                .containsExactlyInAnyOrder(SessionStatus.ACTIVE, SessionStatus.TERMINATED);
        assertThat(SessionStatus.ACTIVE.next())
                .containsExactlyInAnyOrder(SessionStatus.PAUSED, SessionStatus.TERMINATED);
        assertThat(SessionStatus.PAUSED.next())
                .containsExactlyInAnyOrder(SessionStatus.ACTIVE, SessionStatus.TERMINATED);
        assertThat(SessionStatus.TERMINATED.next()).containsExactly(SessionStatus.ARCHIVED);
        assertThat(SessionStatus.ARCHIVED.next()).isEmpty();
        assertFails(ErrorCode.NOT_FOUND, () -> sessions().activate("missing"), "'missing'");
    }

    @Test
    void terminatingAndArchivingStampTheirTimes() {
        Session s = sessions().create(NewSession.of("bot", "alice"));
        sessions().activate(s.id());
        clock.advance(Duration.ofMinutes(5));
        Session t = sessions().terminate(s.id());
        assertThat(t.terminatedAt()).isEqualTo(clock.instant());
        assertThat(t.archivedAt()).isNull();
        clock.advance(Duration.ofDays(1));
        Session a = sessions().archive(s.id());
        assertThat(a.terminatedAt()).isEqualTo(t.terminatedAt());
        assertThat(a.archivedAt()).isEqualTo(clock.instant());
        assertThat(sessions().get(s.id()).orElseThrow()).isEqualTo(a);
    }

    private Session sessionIn(SessionStatus status) {
        Session s = sessions().create(NewSession.of("bot", "lifecycle"));
        switch (status) {
            case CREATED -> {}
            case ACTIVE -> sessions().activate(s.id());
            case PAUSED -> {
                sessions().activate(s.id());
                sessions().pause(s.id());
            }
            case TERMINATED -> sessions().terminate(s.id());
            case ARCHIVED -> {
                sessions().terminate(s.id());
                sessions().archive(s.id());
            }
        }
        return sessions().get(s.id()).orElseThrow();
    }

    @Test
    void appendsNumberEventsAndApplyTheirStateDeltaAsAMergePatch() {
        Session s = sessions()
                .create(NewSession.of("bot", "alice").withState(Map.of("prefs", Map.of("a", 1, "b", 2), "drop", true)));
        Event first = sessions().append(s.id(), NewEvent.of("message", "user", Map.of("text", "hi")));
        Map<String, Object> delta = new LinkedHashMap<>();
        delta.put("prefs", Map.of("b", 3));
        delta.put("drop", null);
        delta.put("user:lang", "fr");
        delta.put("temp:scratch", "never stored");
        Event second = sessions()
                .append(
                        s.id(),
                        NewEvent.of("tool_call", "agent", Map.of("tool", "search"))
                                .withStateDelta(delta));
        assertThat(first.seq()).isEqualTo(1);
        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.stateDelta().tree().has("temp:scratch")).isFalse();
        Json state = sessions().state(s.id());
        assertThat(state).isEqualTo(Json.of(Map.of("prefs", Map.of("a", 1, "b", 3), "user:lang", "fr")));
        assertThat(sessions().eventsAfter(s.id(), 0, PageRequest.first(10)).items())
                .containsExactly(first, second);
        assertThat(sessions().get(s.id()).orElseThrow().eventCount()).isEqualTo(2);
    }

    @Test
    void aDeltaOfOnlyTempKeysPersistsNoDelta() {
        Session s = sessions().create(NewSession.of("bot", "alice"));
        Event e = sessions().append(s.id(), NewEvent.of("message", "user", "x").withStateDelta(Map.of("temp:a", 1)));
        assertThat(e.stateDelta()).isNull();
        assertThat(sessions()
                        .eventsAfter(s.id(), 0, PageRequest.first(1))
                        .items()
                        .get(0)
                        .stateDelta())
                .isNull();
        assertThat(sessions().state(s.id())).isEqualTo(Json.emptyObject());
    }

    @Test
    void eventsReadBackInOrderAPageAtATime() {
        Session s = sessions().create(NewSession.of("bot", "alice"));
        for (int i = 1; i <= 25; i++) {
            sessions().append(s.id(), NewEvent.of("message", "user", Map.of("n", i)));
        }
        List<Long> seqs = new ArrayList<>();
        long after = 0;
        List<Event> page;
        while (!(page = sessions()
                        .eventsAfter(s.id(), after, PageRequest.first(10))
                        .items())
                .isEmpty()) {
            page.forEach(e -> seqs.add(e.seq()));
            after = page.get(page.size() - 1).seq();
        }
        assertThat(seqs)
                .hasSize(25)
                .isSorted()
                .doesNotHaveDuplicates()
                .startsWith(1L)
                .endsWith(25L);
        assertThat(sessions().lastEvents(s.id(), 3)).extracting(Event::seq).containsExactly(23L, 24L, 25L);
        assertThat(sessions()
                        .lastEvents(s.id(), 3)
                        .get(2)
                        .content()
                        .tree()
                        .get("n")
                        .asInt())
                .isEqualTo(25);
    }

    @Test
    void aTerminatedSessionAcceptsNoEventsOrStateAndNothingIsWritten() {
        Session s = sessions().create(NewSession.of("bot", "alice"));
        sessions().append(s.id(), NewEvent.of("message", "user", "hi"));
        sessions().terminate(s.id());
        assertFails(
                ErrorCode.CONFLICT,
                () -> sessions()
                        .append(s.id(), NewEvent.of("message", "user", "late").withStateDelta(Map.of("k", 1))),
                "terminated");
        assertFails(ErrorCode.CONFLICT, () -> sessions().setState(s.id(), "k", 1), "terminated");
        assertFails(
                ErrorCode.NOT_FOUND, () -> sessions().append("ghost", NewEvent.of("message", "user", "x")), "'ghost'");
        Session after = sessions().get(s.id()).orElseThrow();
        assertThat(after.eventCount()).isEqualTo(1);
        assertThat(after.state()).isEqualTo(Json.emptyObject());
        assertThat(sessions().eventsAfter(s.id(), 0, PageRequest.first(10)).items())
                .hasSize(1);
    }

    @Test
    void stateKeysAreSetMergedAndRemoved() {
        Session s = sessions().create(NewSession.of("bot", "alice"));
        sessions().setState(s.id(), "user:name", "Alice");
        sessions().setState(s.id(), "counter", 1);
        sessions().setState(s.id(), "nested", Map.of("x", Map.of("y", 1)));
        sessions().setState(s.id(), "nested", Map.of("z", 2)); // set replaces, it does not merge
        sessions().mergeState(s.id(), Map.of("counter", 2, "app:theme", "dark", "temp:t", 0));
        sessions().removeState(s.id(), "user:name");
        sessions().removeState(s.id(), "absent");
        assertThat(sessions().state(s.id()))
                .isEqualTo(Json.of(Map.of("counter", 2, "nested", Map.of("z", 2), "app:theme", "dark")));
        assertThat(sessions().state(s.id(), "counter")).contains(Json.of(2));
        assertThat(sessions().state(s.id(), "user:name")).isEmpty();
    }

    @Test
    void stateKeysFollowTheScopeRules() {
        Session s = sessions().create(NewSession.of("bot", "alice"));
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> sessions().setState(s.id(), "temp:x", 1),
                "temp:x",
                "never persisted");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> sessions().setState(s.id(), "usr:x", 1), "'usr:'");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> sessions().setState(s.id(), "a\"b", 1), "'a\"b'");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> sessions().setState(s.id(), "user:", 1), "'user:'");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> sessions().mergeState(s.id(), Map.of("bogus:k", 1)), "'bogus:'");
        assertThat(sessions().state(s.id())).isEqualTo(Json.emptyObject());
    }

    @Test
    void listsAUsersSessionsNewestFirstAPageAtATimeEvenWithEqualTimes() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            if (i % 5 == 0) {
                clock.advance(Duration.ofSeconds(1)); // groups of five share a created_at
            }
            expected.add(
                    0,
                    sessions()
                            .create(NewSession.of("bot", "alice").withId(String.format("s%02d", i)))
                            .id());
            sessions().create(NewSession.of("bot", "bob"));
        }
        List<String> seen = allItems(cursor -> sessions().byUser("alice", page(4, cursor))).stream()
                .map(Session::id)
                .toList();
        assertThat(seen).hasSize(23).doesNotHaveDuplicates();
        List<Session> all = new ArrayList<>();
        seen.forEach(id -> all.add(sessions().get(id).orElseThrow()));
        for (int i = 1; i < all.size(); i++) {
            Session prev = all.get(i - 1);
            Session cur = all.get(i);
            assertThat(prev.createdAt().isAfter(cur.createdAt())
                            || (prev.createdAt().equals(cur.createdAt())
                                    && prev.id().compareTo(cur.id()) > 0))
                    .isTrue();
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void listsAProjectsSessionsAndTheActiveAndPausedOnesByRecency() {
        Session a = sessions().create(NewSession.of("bot", "u1").withProject("apollo"));
        Session b = sessions().create(NewSession.of("bot", "u2").withProject("apollo"));
        sessions().create(NewSession.of("bot", "u3").withProject("gemini"));
        assertThat(sessions().byProject("apollo", PageRequest.first(10)).items())
                .extracting(Session::id)
                .containsExactlyInAnyOrder(a.id(), b.id());

        clock.advance(Duration.ofSeconds(1));
        sessions().activate(a.id());
        clock.advance(Duration.ofSeconds(1));
        sessions().activate(b.id());
        clock.advance(Duration.ofSeconds(1));
        sessions().append(a.id(), NewEvent.of("message", "user", "hi")); // a is now the most recent
        assertThat(sessions()
                        .byStatus(SessionStatus.ACTIVE, PageRequest.first(10))
                        .items())
                .extracting(Session::id)
                .containsExactly(a.id(), b.id());
        sessions().pause(b.id());
        assertThat(sessions()
                        .byStatus(SessionStatus.ACTIVE, PageRequest.first(10))
                        .items())
                .extracting(Session::id)
                .containsExactly(a.id());
        assertThat(sessions()
                        .byStatus(SessionStatus.PAUSED, PageRequest.first(10))
                        .items())
                .extracting(Session::id)
                .containsExactly(b.id());
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> sessions().byStatus(SessionStatus.CREATED, PageRequest.first(10)),
                "CREATED");
    }

    @Test
    void deletingASessionRemovesItsEvents() throws Exception {
        Session s = sessions().create(NewSession.of("bot", "alice"));
        sessions().append(s.id(), NewEvent.of("message", "user", "hi"));
        assertThat(sessions().delete(s.id())).isTrue();
        assertThat(sessions().delete(s.id())).isFalse();
        assertThat(sessions().get(s.id())).isEmpty();
        // Its events are gone with it: reading them is NOT_FOUND, and no row is left behind.
        assertFails(
                ErrorCode.NOT_FOUND, () -> sessions().eventsAfter(s.id(), 0, PageRequest.first(10)), "no such session");
        try (Connection c = rawConnection();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT count(*) FROM session_events WHERE session_id = '" + s.id() + "'")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void blankIdsAreRefused() {
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> sessions().create(NewSession.of("   ", "alice")), "blank");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> sessions().create(NewSession.of("app", " ")), "blank");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> sessions().get("  "), "blank");
        assertThat(sessions().byUser("alice", PageRequest.first(10)).items()).isEmpty();
    }

    @Test
    void whatASessionIsCreatedWithCanAlwaysBeScoped() {
        // One rule: an id that could never form a memory scope is refused at create, not later.
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> sessions().create(NewSession.of("app", "alice:admin")),
                "'alice:admin'",
                "namespace segment");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> sessions().create(NewSession.of("my app", "alice")), "'my app'");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> sessions().create(NewSession.of("app", "alice").withId("s/1")),
                "'s/1'");
        Session ok = sessions().create(NewSession.of("app", "alice@example.com").withProject("p-1"));
        assertThat(store().memory().scoped(ok).namespace(MemoryScope.USER)).contains("user:alice@example.com");
    }

    @Test
    void stateStopsGrowingAtTheLimitAndARefusedChangeLeavesNothingBehind() {
        Session s = sessions().create(NewSession.of("app", "alice"));
        String big = "x".repeat(600_000);
        sessions().mergeState(s.id(), Map.of("a", big));
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> sessions().mergeState(s.id(), Map.of("b", big)),
                "1048576",
                "state would grow to");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> sessions().setState(s.id(), "c", big), "1048576");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> sessions()
                        .append(s.id(), NewEvent.of("message", "user", "hi").withStateDelta(Map.of("d", big))),
                "1048576");
        Session after = sessions().get(s.id()).orElseThrow();
        assertThat(after.state().tree().fieldNames()).toIterable().containsExactly("a");
        assertThat(after.eventCount()).isZero();
        assertThat(sessions().eventsAfter(s.id(), 0, PageRequest.first(10)).items())
                .isEmpty();
        // Smaller changes still go through.
        sessions().append(s.id(), NewEvent.of("message", "user", "hi").withStateDelta(Map.of("d", 1)));
        assertThat(sessions().state(s.id(), "d")).contains(Json.of(1));
    }

    @Test
    void theEventsOfAMissingSessionAreNotFoundLikeItsState() {
        assertFails(
                ErrorCode.NOT_FOUND,
                () -> sessions().eventsAfter("ghost", 0, PageRequest.first(10)),
                "'ghost'",
                "no such session");
        assertFails(ErrorCode.NOT_FOUND, () -> sessions().events("ghost", PageRequest.first(10)), "no such session");
        assertFails(ErrorCode.NOT_FOUND, () -> sessions().lastEvents("ghost", 10), "no such session");
        assertFails(ErrorCode.NOT_FOUND, () -> sessions().state("ghost"), "no such session");
        Session s = sessions().create(NewSession.of("app", "alice"));
        assertThat(sessions().events(s.id(), PageRequest.first(10)).items()).isEmpty();
    }

    @Test
    void eventsPageWithACursor() {
        Session s = sessions().create(NewSession.of("app", "alice"));
        for (int i = 0; i < 7; i++) {
            sessions().append(s.id(), NewEvent.of("message", "user", i));
        }
        List<Page<Event>> pages = walk(cursor -> sessions().events(s.id(), page(3, cursor)));
        assertThat(pages).hasSize(3);
        assertThat(pages.stream().flatMap(p -> p.items().stream()).map(Event::seq))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        Page<Event> afterFive = sessions().eventsAfter(s.id(), 5, PageRequest.first(1));
        assertThat(afterFive.items()).extracting(Event::seq).containsExactly(6L);
        assertThat(sessions()
                        .events(s.id(), page(10, afterFive.nextCursor().orElseThrow()))
                        .items())
                .extracting(Event::seq)
                .containsExactly(7L);
    }

    @Test
    void eventsByTimeUseTheTimeTheyHappenedAndKeepSeqOrder() {
        Session s = sessions().create(NewSession.of("bot", "alice"));
        java.time.Instant t0 = java.time.Instant.parse("2026-03-01T12:00:00.123456789Z");
        for (int i = 0; i < 5; i++) {
            sessions().append(s.id(), NewEvent.of("m", "u", i).withCreatedAt(t0.plusSeconds(i)));
        }
        // An event stamped with the append's time (the test clock, 2026-05-01) comes last by time.
        Event appended = sessions().append(s.id(), NewEvent.of("m", "u", 5));
        assertThat(appended.createdAt()).isEqualTo(clock.instant());
        List<Event> all = sessions().lastEvents(s.id(), 10);
        // Stored to the microsecond, as returned by the append.
        assertThat(all.get(0).createdAt()).isEqualTo(java.time.Instant.parse("2026-03-01T12:00:00.123456Z"));

        List<Event> since = allItems(cursor -> sessions().eventsSince(s.id(), t0.plusSeconds(2), page(2, cursor)));
        assertThat(since).extracting(Event::seq).containsExactly(3L, 4L, 5L, 6L);
        assertThat(sessions().lastEventsSince(s.id(), t0.plusSeconds(2), 2))
                .extracting(Event::seq)
                .containsExactly(5L, 6L);
        assertThat(sessions().lastEventsSince(s.id(), null, 3))
                .extracting(Event::seq)
                .containsExactly(4L, 5L, 6L);
        assertThat(sessions().lastEventsSince(s.id(), clock.instant().plusSeconds(1), 3))
                .isEmpty();
        assertFails(ErrorCode.NOT_FOUND, () -> sessions().eventsSince("nope", t0, PageRequest.first(10)), "'nope'");
        assertFails(ErrorCode.NOT_FOUND, () -> sessions().lastEventsSince("nope", t0, 10), "'nope'");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> sessions().append(s.id(), NewEvent.of("m", "u", 1).withCreatedAt(java.time.Instant.MAX)),
                "event time");
        assertThat(sessions().get(s.id()).orElseThrow().eventCount()).isEqualTo(6);
    }

    @Test
    void appendAllKeepsAllOrNoneAndDeleteEventsRemovesOneRange() {
        Session s = sessions().create(NewSession.of("bot", "alice"));
        List<Event> three = sessions()
                .appendAll(
                        s.id(),
                        List.of(
                                NewEvent.of("m", "u", 1),
                                NewEvent.of("m", "u", 2).withStateDelta(Map.of("k", 2)),
                                NewEvent.of("m", "u", 3)));
        assertThat(three).extracting(Event::seq).containsExactly(1L, 2L, 3L);
        assertThat(sessions().state(s.id(), "k")).contains(Json.of(2));
        // One bad event refuses the whole batch, naming it; nothing of it is kept.
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> sessions().appendAll(s.id(), List.of(NewEvent.of("m", "u", 4), NewEvent.of("", "u", 5))),
                "event type");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> sessions()
                        .appendAll(
                                s.id(),
                                List.of(
                                        NewEvent.of("m", "u", 4),
                                        NewEvent.of("m", "u", 5).withStateDelta(Map.of("big", "x".repeat(1_100_000))))),
                "limit");
        assertThat(sessions().get(s.id()).orElseThrow().eventCount()).isEqualTo(3);
        assertThat(sessions().appendAll(s.id(), List.of())).isEmpty();
        assertFails(ErrorCode.NOT_FOUND, () -> sessions().appendAll("nope", List.of()), "'nope'");

        assertThat(sessions().deleteEvents(s.id(), 0, 3)).isEqualTo(2);
        assertThat(sessions().lastEvents(s.id(), 10)).extracting(Event::seq).containsExactly(3L);
        assertThat(sessions().append(s.id(), NewEvent.of("m", "u", 4)).seq()).isEqualTo(4);
        assertThat(sessions().deleteEvents(s.id(), 0, 3)).isZero();
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> sessions().deleteEvents(s.id(), 3, 3), "3, 3");
        assertFails(ErrorCode.NOT_FOUND, () -> sessions().deleteEvents("nope", 0, 5), "'nope'");
    }
}
