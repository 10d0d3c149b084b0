package io.agentstore.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStoreException;
import io.agentstore.PageRequest;
import io.agentstore.StoreOptions;
import io.agentstore.StoreTestBase;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.MemoryType;
import io.agentstore.memory.MemoryUpdate;
import io.agentstore.memory.NewMemory;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random interleavings of add, update, put, delete, rollback, TTL expiry and sweeps, appends with
 * state deltas and state changes, on a clock that sometimes stands still; after each operation
 * the model records what the current reads return. Then reads as of random past instants (and at
 * each operation's own instant) must equal the model at that instant: the last record at or
 * before it.
 */
class AsOfPropertyTest extends StoreTestBase {

    private static final List<String> ROOTS = List.of("user:u", "app:a");
    private static final int OPERATIONS = 250;

    @Override
    protected StoreOptions options() {
        return super.options().withEpisodicTtl(Duration.ofMinutes(30));
    }

    /** What the current reads returned at one instant. */
    private record Snapshot(
            Instant at, Map<String, List<String>> memory, com.fasterxml.jackson.databind.JsonNode state) {}

    private Map<String, List<String>> memoryNow() {
        Map<String, List<String>> out = new TreeMap<>();
        for (String root : ROOTS) {
            out.put(
                    root,
                    describe(allItems(cursor -> store().memory()
                            .byPrefix(root, cursor == null ? PageRequest.first(7) : PageRequest.after(cursor, 7)))));
        }
        return out;
    }

    private static List<String> describe(List<MemoryEntry> entries) {
        List<String> out = new ArrayList<>();
        for (MemoryEntry e : entries) {
            out.add(e.namespace() + "/" + e.key() + "@" + e.version() + "="
                    + e.value().text() + ":" + e.type());
        }
        return out;
    }

    @Test
    void readsAsOfRandomPastInstantsEqualWhatTheCurrentReadsReturnedThen() {
        for (long seed : new long[] {7, 11}) {
            run(seed);
        }
    }

    private void run(long seed) {
        Random random = new Random(seed);
        String session = "s" + seed;
        store().sessions().create(NewSession.of("app", "u").withId(session));
        List<Snapshot> model = new ArrayList<>();
        model.add(new Snapshot(
                clock.instant(), memoryNow(), store().sessions().state(session).tree()));
        Instant start = clock.instant();
        for (int op = 0; op < OPERATIONS; op++) {
            String ns = ROOTS.get(random.nextInt(2)) + (random.nextBoolean() ? "" : ":sub");
            String key = "k" + random.nextInt(5);
            int kind = random.nextInt(10);
            try {
                switch (kind) {
                    case 0 ->
                        store().memory()
                                .add(NewMemory.of(ns, key, "a" + op)
                                        .withType(random.nextInt(4) == 0 ? MemoryType.EPISODIC : MemoryType.SEMANTIC));
                    case 1, 2 -> store().memory().update(MemoryUpdate.of(ns, key, "u" + op));
                    case 3 -> store().memory().put(NewMemory.of(ns, key, "p" + op));
                    case 4 -> store().memory().delete(ns, key);
                    case 5 -> store().memory().rollback(ns, key);
                    case 6 -> {
                        clock.advance(Duration.ofMinutes(random.nextInt(45)));
                        store().memory().sweepExpired(100);
                    }
                    case 7 ->
                        store().sessions()
                                .append(
                                        session,
                                        NewEvent.of("turn", "u", op)
                                                .withStateDelta(Map.of("k" + random.nextInt(3), op, "user:p", op % 4)));
                    case 8 -> store().sessions().setState(session, "k" + random.nextInt(3), "set" + op);
                    default -> store().sessions().removeState(session, "k" + random.nextInt(3));
                }
            } catch (AgentStoreException refused) {
                // not found, conflict, nothing to roll back: nothing changed, which the model records too
            }
            model.add(new Snapshot(
                    clock.instant(),
                    memoryNow(),
                    store().sessions().state(session).tree()));
            if (random.nextInt(3) != 0) { // else the next operation shares this instant
                clock.advance(Duration.ofNanos(1_000L * (1 + random.nextInt(2_000))));
            }
        }
        Instant end = clock.instant();
        List<Instant> instants = new ArrayList<>();
        for (Snapshot s : model) {
            instants.add(s.at());
        }
        long span = Duration.between(start, end).toNanos() / 1_000;
        for (int i = 0; i < 100; i++) {
            instants.add(start.plusNanos(1_000L * (long) (random.nextDouble() * span)));
        }
        for (Instant t : instants) {
            Snapshot expected = null;
            for (Snapshot s : model) {
                if (!s.at().isAfter(t)) {
                    expected = s; // the last record at or before t
                }
            }
            for (String root : ROOTS) {
                List<String> asOf = describe(allItems(cursor -> store().memory()
                        .asOf(t)
                        .byPrefix(root, cursor == null ? PageRequest.first(3) : PageRequest.after(cursor, 3))));
                assertThat(asOf)
                        .as("seed %d, %s as of %s", seed, root, t)
                        .isEqualTo(expected.memory().get(root));
                for (int k = 0; k < 5; k++) {
                    String key = "k" + k;
                    String prefix = root + "/" + key + "@";
                    assertThat(store().memory()
                                    .asOf(t)
                                    .get(root, key)
                                    .map(e -> describe(List.of(e)).get(0)))
                            .as("seed %d, get %s/%s as of %s", seed, root, key, t)
                            .isEqualTo(expected.memory().get(root).stream()
                                    .filter(d -> d.startsWith(prefix))
                                    .findFirst());
                }
            }
            assertThat(store().sessions().asOf(t).state(session).tree())
                    .as("seed %d, session state as of %s", seed, t)
                    .isEqualTo(expected.state());
        }
    }
}
