package io.agentstore.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.PageRequest;
import io.agentstore.StoreOptions;
import io.agentstore.StoreTestBase;
import io.agentstore.memory.MemoryAsOf;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemoryScope;
import io.agentstore.memory.MemoryType;
import io.agentstore.memory.MemoryUpdate;
import io.agentstore.memory.NewMemory;
import io.agentstore.memory.ScopedMemory;
import io.agentstore.sessions.Event;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AsOfTest extends StoreTestBase {

    @Override
    protected StoreOptions options() {
        return super.options().withEpisodicTtl(Duration.ofHours(1));
    }

    /** The time of the writes just made; the next ones are a second later. */
    private Instant tick() {
        Instant now = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        return now;
    }

    private static String text(MemoryEntry e) {
        return e.value().tree().asText();
    }

    @Test
    void aKeyReadsAsItWasAtEachInstantThroughUpdatesRollbackDeleteAndReadd() {
        Instant before = tick();
        store().memory().add(NewMemory.of("user:a", "k", "v1"));
        Instant t1 = tick();
        store().memory().update(MemoryUpdate.of("user:a", "k", "v2"));
        Instant t2 = tick();
        store().memory().rollback("user:a", "k");
        Instant t3 = tick();
        store().memory().delete("user:a", "k");
        Instant t4 = tick();
        store().memory().add(NewMemory.of("user:a", "k", "v3"));
        Instant t5 = tick();

        assertThat(store().memory().asOf(before).get("user:a", "k")).isEmpty();
        MemoryEntry at1 = store().memory().asOf(t1).get("user:a", "k").orElseThrow();
        assertThat(text(at1)).isEqualTo("v1");
        assertThat(at1.version()).isEqualTo(1);
        assertThat(at1.current()).isTrue(); // as a read returned it then
        assertThat(text(store().memory().asOf(t2).get("user:a", "k").orElseThrow()))
                .isEqualTo("v2");
        MemoryEntry at3 = store().memory().asOf(t3).get("user:a", "k").orElseThrow();
        assertThat(at3.version()).isEqualTo(1); // the rollback made version 1 current again
        assertThat(store().memory().asOf(t4).get("user:a", "k")).isEmpty();
        assertThat(text(store().memory().asOf(t5).get("user:a", "k").orElseThrow()))
                .isEqualTo("v3");
        assertThat(store().memory().asOf(t5).at()).isEqualTo(t5);
    }

    @Test
    void aSubtreeListsWhatWasCurrentThenInOrderPageByPage() {
        for (int i = 0; i < 7; i++) {
            store().memory()
                    .add(NewMemory.of("app:x" + (i % 2 == 0 ? "" : ":deep"), "k" + i, i)
                            .withType(i % 3 == 0 ? MemoryType.PROCEDURAL : MemoryType.SEMANTIC));
        }
        Instant t = tick();
        store().memory().delete("app:x", "k0");
        store().memory().update(MemoryUpdate.of("app:x:deep", "k1", "changed"));
        store().memory().add(NewMemory.of("app:x", "late", "new"));
        store().memory().add(NewMemory.of("app:xy", "sibling", "not below app:x"));
        tick();

        MemoryAsOf then = store().memory().asOf(t);
        List<MemoryEntry> all = allItems(
                cursor -> then.byPrefix("app:x", cursor == null ? PageRequest.first(2) : PageRequest.after(cursor, 2)));
        assertThat(all)
                .extracting(e -> e.namespace() + "/" + e.key())
                .containsExactly(
                        "app:x/k0",
                        "app:x/k2",
                        "app:x/k4",
                        "app:x/k6",
                        "app:x:deep/k1",
                        "app:x:deep/k3",
                        "app:x:deep/k5");
        assertThat(all.get(4).value().tree().asInt()).isEqualTo(1);
        assertThat(then.byPrefix("app:x", MemoryType.PROCEDURAL, PageRequest.first(10))
                        .items())
                .extracting(MemoryEntry::key)
                .containsExactly("k0", "k6", "k3");
        assertThat(store().memory()
                        .asOf(clock.instant())
                        .byPrefix("app:x", PageRequest.first(20))
                        .items())
                .extracting(MemoryEntry::key)
                .containsExactly("k2", "k4", "k6", "late", "k1", "k3", "k5");
    }

    @Test
    void aScopedHandleResolvesWithTheScopesAsTheyStood() {
        store().sessions().create(NewSession.of("app", "alice").withId("s"));
        ScopedMemory scoped = store().memory().elevated("s");
        scoped.put(NewMemory.of("app:app", "tone", "formal"));
        Instant appOnly = tick();
        scoped.put(NewMemory.of("user:alice", "tone", "casual"));
        Instant userToo = tick();
        scoped.putTemp("tone", "never in any view");

        assertThat(scoped.asOf(appOnly).resolve("tone").orElseThrow().scope()).isEqualTo(MemoryScope.APP);
        assertThat(scoped.asOf(userToo)
                        .resolve("tone")
                        .orElseThrow()
                        .value()
                        .tree()
                        .asText())
                .isEqualTo("casual");
        assertThat(scoped.asOf(userToo).get("user:alice", "tone")).isPresent();
        assertThatThrownBy(() -> scoped.asOf(userToo).get("user:bob", "tone"))
                .extracting(e -> ((AgentStoreException) e).code())
                .isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void anExpiredEntryIsReadAsGetReadItUntilTheSweepRetiredIt() {
        store().memory().add(NewMemory.of("user:a", "e", "x").withType(MemoryType.EPISODIC));
        clock.advance(Duration.ofHours(2));
        Instant expiredNotSwept = tick();
        store().memory().sweepExpired(10);
        Instant swept = tick();
        assertThat(store().memory().asOf(expiredNotSwept).get("user:a", "e")).isPresent();
        assertThat(store().memory().asOf(swept).get("user:a", "e")).isEmpty();
    }

    @Test
    void aSessionsStateAndItsSharedStateReadAsTheyWereAfterEachEventAndAtEachInstant() {
        store().sessions().create(NewSession.of("app", "alice").withId("s1").withState(Map.of("mood", "new")));
        store().sessions().create(NewSession.of("app", "alice").withId("s2"));
        Instant created = tick();
        store().sessions().append("s1", NewEvent.of("turn", "user", "a").withStateDelta(Map.of("topic", "cats")));
        Instant afterFirst = tick();
        store().sessions().setState("s1", "mood", "curious"); // between events: not part of event 1's state
        store().sessions().append("s2", NewEvent.of("turn", "user", "x").withStateDelta(Map.of("user:lang", "fr")));
        Instant sharedSet = tick();
        store().sessions().append("s1", NewEvent.of("turn", "user", "b"));
        store().sessions().append("s1", NewEvent.of("turn", "user", "c").withStateDelta(Map.of("topic", "dogs")));
        Instant end = tick();

        assertThat(store().sessions().stateAfter("s1", 0).tree().toString()).isEqualTo("{\"mood\":\"new\"}");
        assertThat(store().sessions().stateAfter("s1", 1).tree().get("topic").asText())
                .isEqualTo("cats");
        assertThat(store().sessions().stateAfter("s1", 1).tree().get("mood").asText())
                .isEqualTo("new");
        assertThat(store().sessions().stateAfter("s1", 1).tree().has("user:lang"))
                .isFalse();
        assertThat(store().sessions().stateAfter("s1", 2).tree().get("mood").asText())
                .isEqualTo("curious");
        assertThat(store().sessions()
                        .stateAfter("s1", 2)
                        .tree()
                        .get("user:lang")
                        .asText())
                .isEqualTo("fr");
        assertThat(store().sessions().stateAfter("s1", 3).tree().get("topic").asText())
                .isEqualTo("dogs");

        assertThat(store().sessions().asOf(created).state("s1").tree().toString())
                .isEqualTo("{\"mood\":\"new\"}");
        assertThat(store().sessions()
                        .asOf(afterFirst)
                        .state("s1")
                        .tree()
                        .get("topic")
                        .asText())
                .isEqualTo("cats");
        assertThat(store().sessions()
                        .asOf(sharedSet)
                        .state("s1")
                        .tree()
                        .get("user:lang")
                        .asText())
                .isEqualTo("fr");
        assertThat(store().sessions().asOf(end).state("s1"))
                .isEqualTo(store().sessions().state("s1"));

        assertThat(store().sessions()
                        .asOf(afterFirst)
                        .events("s1", PageRequest.first(10))
                        .items())
                .extracting(Event::seq)
                .containsExactly(1L);
        assertThat(store().sessions()
                        .asOf(end)
                        .events("s1", PageRequest.first(10))
                        .items())
                .hasSize(3);

        assertThatThrownBy(() -> store().sessions().stateAfter("s1", 4))
                .extracting(e -> ((AgentStoreException) e).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThatThrownBy(
                        () -> store().sessions().asOf(created.minusSeconds(60)).state("s1"))
                .hasMessageContaining("did not exist yet")
                .extracting(e -> ((AgentStoreException) e).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void whatRetentionRemovedIsRefusedNamingTheEarliestTimeThatCanBeAnswered() {
        store().memory().add(NewMemory.of("user:a", "k", "v1"));
        Instant v1 = tick();
        store().memory().update(MemoryUpdate.of("user:a", "k", "v2"));
        tick();
        store().memory().update(MemoryUpdate.of("user:a", "k", "v3"));
        Instant v3 = tick();
        store().retention().run(RetentionPolicy.keepEverything().withMemoryVersionsKeepLast(1));
        assertThatThrownBy(() -> store().memory().asOf(v1).get("user:a", "k"))
                .extracting(e -> ((AgentStoreException) e).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> store().memory().asOf(v1).byPrefix("user:a", PageRequest.first(10)))
                .hasMessageContaining("retention removed the version");
        MemoryEntry later = store().memory().asOf(v3).get("user:a", "k").orElseThrow();
        assertThat(text(later)).isEqualTo("v3");
        try {
            store().memory().asOf(v1).get("user:a", "k");
        } catch (AgentStoreException e) {
            // The earliest time after it that can be answered: when v3 became current.
            assertThat(e.getMessage()).contains(later.updatedAt().toString().substring(0, 19));
        }

        store().sessions().create(NewSession.of("app", "bob").withId("s"));
        for (int i = 1; i <= 5; i++) {
            store().sessions().append("s", NewEvent.of("turn", "bob", i).withStateDelta(Map.of("n", i)));
            tick();
        }
        Instant early = clock.instant().minusSeconds(4);
        store().retention().run(RetentionPolicy.keepEverything().withEventsKeepLast(2));
        assertThat(store().sessions().stateAfter("s", 5).tree().get("n").asInt())
                .isEqualTo(5);
        assertThat(store().sessions().stateAfter("s", 4).tree().get("n").asInt())
                .isEqualTo(4);
        assertThatThrownBy(() -> store().sessions().stateAfter("s", 2))
                .hasMessageContaining("first event that can be answered is 3");

        clock.advance(Duration.ofDays(3));
        store().retention().run(RetentionPolicy.keepEverything().withEventsOlderThan(Duration.ofDays(1)));
        assertThatThrownBy(() -> store().sessions().asOf(early).events("s", PageRequest.first(10)))
                .extracting(e -> ((AgentStoreException) e).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> store().sessions().asOf(early).state("s"))
                .hasMessageContaining("earliest time that can be answered");
    }

    @Test
    void anInstantInTheFutureOrNullIsRefused() {
        assertThatThrownBy(() -> store().memory().asOf(clock.instant().plusSeconds(1)))
                .hasMessageContaining("in the future")
                .extracting(e -> ((AgentStoreException) e).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> store().sessions().asOf(null)).hasMessageContaining("instant");
        assertThatThrownBy(() -> store().sessions().stateAfter("nope", -1)).hasMessageContaining("-1");
    }
}
