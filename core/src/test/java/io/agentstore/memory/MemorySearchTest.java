package io.agentstore.memory;

import static io.agentstore.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.ErrorCode;
import io.agentstore.StoreTestBase;
import io.agentstore.internal.vector.Vectors;
import io.agentstore.search.Embedding;
import io.agentstore.search.MetadataFilter;
import io.agentstore.search.SearchHit;
import io.agentstore.search.WordEmbedder;
import io.agentstore.sessions.NewSession;
import io.agentstore.sessions.Session;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class MemorySearchTest extends StoreTestBase {

    private static final int DIMS = 24;

    private MemoryStore memory() {
        return store().memory();
    }

    /** A stored memory as the oracle knows it. */
    private record Known(
            String namespace,
            String key,
            float[] vector,
            MemoryType type,
            String creator,
            Map<String, Object> metadata,
            Instant at) {}

    private static float[] random(Random r, int dims) {
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** Vectors around a few centres: many near-ties, the hard case for a quantised pre-pass. */
    private static float[] clustered(Random r, float[][] centres) {
        float[] c = centres[r.nextInt(centres.length)];
        float[] v = new float[c.length];
        for (int i = 0; i < c.length; i++) {
            v[i] = c[i] + 0.05f * (float) r.nextGaussian();
        }
        return v;
    }

    /** The exact answer: every qualifying memory scored by cosine on its unit vector, best first, ties by (namespace, key). */
    private static List<String> oracle(
            List<Known> all, float[] query, Predicate<Known> qualifies, int k, double minScore) {
        float[] q = Vectors.unit(query, query.length, "query");
        record Scored(Known m, double score) {}
        List<Scored> scored = new ArrayList<>();
        for (Known m : all) {
            if (qualifies.test(m)) {
                double s = Vectors.cosine(q, Vectors.unit(m.vector(), m.vector().length, "m"));
                if (s >= minScore) {
                    scored.add(new Scored(m, s));
                }
            }
        }
        scored.sort(Comparator.comparingDouble((Scored s) -> -s.score())
                .thenComparing(s -> s.m().namespace())
                .thenComparing(s -> s.m().key()));
        return scored.stream()
                .limit(k)
                .map(s -> s.m().namespace() + "/" + s.m().key())
                .toList();
    }

    private static List<String> names(List<SearchHit<MemoryEntry>> hits) {
        return hits.stream()
                .map(h -> h.item().namespace() + "/" + h.item().key())
                .toList();
    }

    private static boolean within(String ns, String prefix) {
        return ns.equals(prefix) || ns.startsWith(prefix + ":");
    }

    @Test
    void searchesAreExactAgainstABruteForceScanWithPrefixesAndFilters() {
        Random r = new Random(7);
        float[][] centres = new float[4][];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = random(r, DIMS);
        }
        String[] namespaces = {"user:a", "user:a:notes", "user:ab", "user:b", "app:x", "app:x:y:z"};
        MemoryType[] types = MemoryType.values();
        List<Known> all = new ArrayList<>();
        List<NewMemory> batch = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            float[] v = i % 2 == 0 ? random(r, DIMS) : clustered(r, centres);
            String ns = namespaces[r.nextInt(namespaces.length)];
            MemoryType type = types[r.nextInt(types.length)];
            String creator = "c" + r.nextInt(3);
            Map<String, Object> md =
                    Map.of("year", 2000 + r.nextInt(30), "genre", r.nextBoolean() ? "drama" : "comedy");
            all.add(new Known(ns, "k" + i, v, type, creator, md, clock.instant()));
            batch.add(NewMemory.of(ns, "k" + i, Map.of("text", "memory " + i))
                    .withType(type)
                    .withMetadata(md)
                    .by(creator)
                    .withEmbedding(v));
        }
        memory().addAll(batch);
        for (int trial = 0; trial < 40; trial++) {
            float[] q = trial % 2 == 0 ? random(r, DIMS) : clustered(r, centres);
            int k = 1 + r.nextInt(25);
            MemorySearch s = MemorySearch.vector(q).withLimit(k);
            Predicate<Known> qualifies = m -> true;
            if (r.nextBoolean()) {
                String p = new String[] {"user", "user:a", "app:x", "user:a:notes"}[r.nextInt(4)];
                s = s.within(p);
                qualifies = qualifies.and(m -> within(m.namespace(), p));
            }
            if (r.nextInt(3) == 0) {
                MemoryType t = types[r.nextInt(types.length)];
                s = s.withType(t);
                qualifies = qualifies.and(m -> m.type() == t);
            }
            if (r.nextInt(3) == 0) {
                String c = "c" + r.nextInt(3);
                s = s.withCreator(c);
                qualifies = qualifies.and(m -> m.creator().equals(c));
            }
            if (r.nextInt(3) == 0) {
                int from = 2000 + r.nextInt(30);
                s = s.where(MetadataFilter.gte("year", from), MetadataFilter.eq("genre", "drama"));
                qualifies = qualifies.and(m -> ((Integer) m.metadata().get("year")) >= from
                        && m.metadata().get("genre").equals("drama"));
            }
            if (r.nextInt(4) == 0) {
                s = s.where(MetadataFilter.or(
                        MetadataFilter.eq("genre", "comedy"), MetadataFilter.not(MetadataFilter.gte("year", 2010))));
                qualifies = qualifies.and(m -> m.metadata().get("genre").equals("comedy")
                        || ((Integer) m.metadata().get("year")) < 2010);
            }
            double minScore = -2;
            if (r.nextInt(4) == 0) {
                minScore = 0.2;
                s = s.withMinScore(minScore);
            }
            List<SearchHit<MemoryEntry>> hits = memory().search(s);
            assertThat(names(hits)).as("trial %d: %s", trial, s).isEqualTo(oracle(all, q, qualifies, k, minScore));
            for (int i = 1; i < hits.size(); i++) {
                assertThat(hits.get(i - 1).score())
                        .isGreaterThanOrEqualTo(hits.get(i).score());
            }
        }
    }

    @Test
    void updatesDeletesRollbacksAndExpiryNeverReturnARetiredVersion() {
        float[] north = {1, 0, 0, 0};
        float[] east = {0, 1, 0, 0};
        memory().add(NewMemory.of("user:a", "k", "v1").withEmbedding(north));
        memory().add(NewMemory.of("user:a", "other", "o").withEmbedding(new float[] {0.5f, 0.5f, 0.5f, 0.5f}));
        MemorySearch byNorth = MemorySearch.vector(north).withLimit(1);
        assertThat(memory().search(byNorth).get(0).item().value().as(String.class))
                .isEqualTo("v1");

        memory().update(MemoryUpdate.of("user:a", "k", "v2").withEmbedding(east));
        SearchHit<MemoryEntry> top =
                memory().search(MemorySearch.vector(east).withLimit(1)).get(0);
        assertThat(top.item().version()).isEqualTo(2);
        assertThat(top.score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(names(memory().search(byNorth.withLimit(5)))).containsExactly("user:a/other", "user:a/k");
        assertThat(memory().search(byNorth.withLimit(5)).get(1).item().version())
                .isEqualTo(2);

        // An update without a vector (no embedder): the key is no longer found.
        memory().update(MemoryUpdate.of("user:a", "k", "v3"));
        assertThat(names(memory().search(byNorth.withLimit(5)))).containsExactly("user:a/other");
        assertThat(memory().get("user:a", "k").orElseThrow().embedded()).isFalse();

        // Rollback brings version 2 back, with its vector.
        MemoryEntry restored = memory().rollback("user:a", "k");
        assertThat(restored.version()).isEqualTo(2);
        assertThat(restored.embedded()).isTrue();
        assertThat(memory().search(MemorySearch.vector(east).withLimit(1))
                        .get(0)
                        .item()
                        .version())
                .isEqualTo(2);

        memory().delete("user:a", "k");
        assertThat(names(memory().search(byNorth.withLimit(5)))).containsExactly("user:a/other");

        // An episodic memory is not found once its TTL has passed, swept or not.
        memory().add(NewMemory.of("user:a", "episode", "e")
                .withType(MemoryType.EPISODIC)
                .withEmbedding(north));
        assertThat(names(memory().search(byNorth.withLimit(5)))).contains("user:a/episode");
        clock.advance(options().episodicTtl().plus(Duration.ofSeconds(1)));
        assertThat(names(memory().search(byNorth.withLimit(5)))).doesNotContain("user:a/episode");
        assertThat(memory().sweepExpired(10)).isEqualTo(1);
        assertThat(names(memory().search(byNorth.withLimit(5)))).containsExactly("user:a/other");
    }

    @Test
    void anEmbedderEmbedsWritesAndTextQueriesInBatches() {
        WordEmbedder embedder = new WordEmbedder("words-v1", 64);
        AgentStore s = openStore(options().withEmbedder(embedder));
        List<NewMemory> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            batch.add(NewMemory.of("user:a", "n" + i, "filler text number " + i));
        }
        batch.add(NewMemory.of("user:a", "food", Map.of("text", "alice likes spicy ramen", "mood", "happy")));
        batch.add(NewMemory.of("user:a", "pet", "alice has a cat named tom"));
        batch.add(NewMemory.of("user:a", "secret", "spicy ramen").withEmbedding(Embedding.none()));
        s.memory().addAll(batch);
        assertThat(embedder.calls.get()).isEqualTo(2); // 302 texts, 256 a call
        assertThat(embedder.texts.get()).isEqualTo(302);

        List<SearchHit<MemoryEntry>> hits =
                s.memory().search(MemorySearch.text("spicy ramen").withLimit(2));
        assertThat(hits.get(0).item().key()).isEqualTo("food");
        assertThat(names(hits)).doesNotContain("user:a/secret");
        assertThat(s.memory().get("user:a", "secret").orElseThrow().embedded()).isFalse();

        // Chosen fields: only "mood" is embedded, so "happy" finds it first.
        s.memory()
                .put(NewMemory.of("user:a", "food", Map.of("text", "alice likes spicy ramen", "mood", "happy"))
                        .withEmbedding(Embedding.fields("mood")));
        assertThat(s.memory()
                        .search(MemorySearch.text("happy").withLimit(1))
                        .get(0)
                        .item()
                        .key())
                .isEqualTo("food");
        assertThat(s.memory()
                        .search(MemorySearch.text("happy").withLimit(1))
                        .get(0)
                        .score())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void anotherModelOrDimensionIsRefusedAndWritesNothing() {
        AgentStore v1 = openStore(options().withEmbedder(new WordEmbedder("words-v1", 16)));
        v1.memory().add(NewMemory.of("user:a", "x", "hello world"));
        AgentStore v2 = openStore(options().withEmbedder(new WordEmbedder("words-v2", 16)));
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> v2.memory().search(MemorySearch.text("hello")),
                "words-v1",
                "words-v2");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> v2.memory().add(NewMemory.of("user:a", "y", "hi")), "words-v1");
        assertThat(v1.memory().get("user:a", "y")).isEmpty();
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> v1.memory().search(MemorySearch.vector(new float[8])),
                "8 dimensions");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> v1.memory().add(NewMemory.of("user:a", "z", "z").withEmbedding(new float[15])),
                "15 dimensions");
        // Without an embedder: caller vectors are of another (unnamed) model than words-v1's.
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> memory().add(NewMemory.of("user:a", "w", "w")
                        .withEmbedding(new WordEmbedder("any", 16).vector("w"))),
                "words-v1");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> memory().search(MemorySearch.text("hello")), "embedder");
        assertThat(memory().get("user:a", "z")).isEmpty();
        assertThat(memory().get("user:a", "w")).isEmpty();
    }

    @Test
    void badInputIsACodedErrorAndWritesNothing() {
        memory().add(NewMemory.of("user:a", "ok", "ok").withEmbedding(new float[] {1, 2, 3}));
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> memory().add(NewMemory.of("user:a", "nan", "x").withEmbedding(new float[] {1, Float.NaN, 3})),
                "index 1",
                "NaN");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> memory().add(NewMemory.of("user:a", "zero", "x").withEmbedding(new float[3])),
                "all zeros");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> memory().addAll(List.of(
                        NewMemory.of("user:a", "b1", "x").withEmbedding(new float[] {1, 1, 1}),
                        NewMemory.of("user:a", "b2", "x").withEmbedding(new float[] {1, 1}))),
                "2 dimensions");
        assertThat(memory().get("user:a", "b1")).isEmpty();
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> MemorySearch.text(" "), "non-blank");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> MemorySearch.vector(new float[0]), "at least one");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> MemorySearch.vector(new float[] {1}).withLimit(0),
                "1..1000: 0");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> MemorySearch.vector(new float[] {1}).withLimit(1001),
                "1001");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> MemorySearch.vector(new float[] {1}).withMinScore(1.5),
                "1.5");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> memory().search(MemorySearch.vector(new float[] {Float.POSITIVE_INFINITY, 1, 1})),
                "Infinity");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> memory().search(MemorySearch.vector(new float[] {1, 1, 1}).within("bad::ns")),
                "bad::ns");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> MetadataFilter.gt("year", true), "boolean");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> MetadataFilter.eq("year", List.of(1)),
                "string, a number or a boolean");
    }

    @Test
    void aReopenedStoreKeepsItsVectorsAndAnotherStoreSeesThisOnesWrites() {
        memory().add(NewMemory.of("user:a", "one", "1").withEmbedding(new float[] {1, 0}));
        AgentStore other = openStore(options());
        assertThat(names(other.memory().search(MemorySearch.vector(new float[] {1, 0}))))
                .containsExactly("user:a/one");
        // Writes through this store after the other built its index are seen by the other's next search.
        memory().add(NewMemory.of("user:a", "two", "2").withEmbedding(new float[] {0, 1}));
        memory().update(MemoryUpdate.of("user:a", "one", "1b").withEmbedding(new float[] {-1, 0}));
        assertThat(names(other.memory().search(MemorySearch.vector(new float[] {0, 1}))))
                .containsExactly("user:a/two", "user:a/one");
        assertThat(other.memory()
                        .search(MemorySearch.vector(new float[] {0, 1}))
                        .get(1)
                        .item()
                        .version())
                .isEqualTo(2);
        memory().delete("user:a", "two");
        assertThat(names(other.memory().search(MemorySearch.vector(new float[] {0, 1}))))
                .containsExactly("user:a/one");
        other.close();
        AgentStore reopened = openStore(options());
        assertThat(names(reopened.memory().search(MemorySearch.vector(new float[] {-1, 0}))))
                .containsExactly("user:a/one");
    }

    @Test
    void concurrentWritersAndSearchersSeeOnlyCurrentVersions() throws Exception {
        int writers = 3;
        int rounds = 40;
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        // Every version's vector names its version in its first component.
                        memory().put(NewMemory.of("user:w" + id, "k", i + 1).withEmbedding(new float[] {i + 1, 1, id}));
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (int s = 0; s < 2; s++) {
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    while (!done.get()) {
                        for (SearchHit<MemoryEntry> h : memory().search(MemorySearch.vector(new float[] {1, 1, 1})
                                .withLimit(10))) {
                            assertThat(h.item().current()).isTrue();
                            int version = h.item().version();
                            assertThat(h.item().value().as(Integer.class)).isEqualTo(version);
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (int i = 0; i < writers; i++) {
            threads.get(i).join();
        }
        done.set(true);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        List<SearchHit<MemoryEntry>> last =
                memory().search(MemorySearch.vector(new float[] {1, 1, 1}).withLimit(10));
        assertThat(last).hasSize(writers);
        assertThat(last).allSatisfy(h -> assertThat(h.item().version()).isEqualTo(rounds));
    }

    @Test
    void aScopedHandleSearchesItsScopesAndAHigherScopeShadowsTheSameKey() {
        Session s = store().sessions().create(NewSession.of("chat", "alice").withId("s1"));
        memory().add(NewMemory.of("user:alice", "likes", "user's").withEmbedding(new float[] {1, 0}));
        memory().add(NewMemory.of("app:chat", "likes", "app's").withEmbedding(new float[] {1, 0.1f}));
        memory().add(NewMemory.of("app:chat", "rules", "app rules").withEmbedding(new float[] {1, 0.2f}));
        memory().add(NewMemory.of("user:bob", "likes", "bob's").withEmbedding(new float[] {1, 0}));
        ScopedMemory scoped = memory().scoped(s);
        List<SearchHit<MemoryEntry>> hits = scoped.search(MemorySearch.vector(new float[] {1, 0}));
        assertThat(names(hits)).containsExactly("user:alice/likes", "app:chat/rules");
        memory().add(NewMemory.of("app:chat:faq", "q", "q").withEmbedding(new float[] {0, 1}));
        assertThat(names(scoped.search(MemorySearch.vector(new float[] {0, 1}).within("faq"))))
                .containsExactly("app:chat:faq/q");
    }

    @Test
    void theVectorIsStoredWithItsVersionAndTheFeedNamesTheKey() throws Exception {
        memory().add(NewMemory.of("user:a", "k", "v").withEmbedding(new float[] {3, 4}));
        memory().add(NewMemory.of("user:a", "plain", "v"));
        try (Connection c = rawConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT e.key, v.vector FROM memory_entries e"
                        + " LEFT JOIN memory_vectors v ON v.entry_id = e.id ORDER BY e.key")) {
            Map<String, byte[]> stored = new HashMap<>();
            while (rs.next()) {
                stored.put(rs.getString(1), rs.getBytes(2));
            }
            assertThat(Vectors.decode(stored.get("k"))).containsExactly(0.6f, 0.8f);
            assertThat(stored.get("plain")).isNull();
            assertThat(memory().embedding("user:a", "k"))
                    .hasValueSatisfying(v -> assertThat(v).containsExactly(0.6f, 0.8f));
            assertThat(memory().embedding("user:a", "plain")).isEmpty();
        }
        try (Connection c = rawConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT namespace, key FROM memory_vector_changes")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isEqualTo("k");
            assertThat(rs.next())
                    .as("a write without a vector tells the feed nothing")
                    .isFalse();
        }
    }
}
