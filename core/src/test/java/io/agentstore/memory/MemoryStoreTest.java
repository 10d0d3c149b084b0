package io.agentstore.memory;

import static io.agentstore.Errors.assertFails;
import static io.agentstore.TestPages.page;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.StoreOptions;
import io.agentstore.StoreTestBase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class MemoryStoreTest extends StoreTestBase {

    @Override
    protected StoreOptions options() {
        return super.options().withEpisodicTtl(Duration.ofDays(30));
    }

    private MemoryStore memory() {
        return store().memory();
    }

    private static final String NS = "user:alice:preferences";

    @Test
    void anyNameHasASegment() {
        assertThat(Namespaces.segmentOf("user id", "alice.b+1@x")).isEqualTo("alice.b+1@x");
        for (String odd : List.of("tenant:alice", "user/1", "my app!", "", "x".repeat(129), "ünï")) {
            String seg = Namespaces.segmentOf("user id", odd);
            assertThat(seg).matches("h-[0-9a-f]{64}").isEqualTo(Namespaces.segmentOf("user id", odd));
            assertThat(Namespaces.checkSegment("segment", seg)).isEqualTo(seg);
        }
        assertThat(Namespaces.segmentOf("user id", "a:b")).isNotEqualTo(Namespaces.segmentOf("user id", "a/b"));
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> Namespaces.segmentOf("user id", null), "user id");
    }

    @Test
    void addWritesVersionOneAndGetReadsIt() {
        MemoryEntry e = memory().add(NewMemory.of(NS, "language", "en")
                .withMetadata(Map.of("source", "chat"))
                .by("alice"));
        assertThat(e.version()).isEqualTo(1);
        assertThat(e.current()).isTrue();
        MemoryEntry read = memory().get(NS, "language").orElseThrow();
        assertThat(read).isEqualTo(e);
        assertThat(read.value().as(String.class)).isEqualTo("en");
        assertThat(read.createdBy()).isEqualTo("alice");
        assertThat(memory().get(NS, "missing")).isEmpty();
        assertFails(ErrorCode.CONFLICT, () -> memory().add(NewMemory.of(NS, "language", "de")), "version 1");
    }

    @Test
    void updateWritesTheNextVersionAndKeepsMetadataAndCreator() {
        memory().add(NewMemory.of(NS, "language", "en")
                .withMetadata(Map.of("source", "chat"))
                .by("alice"));
        clock.advance(Duration.ofMinutes(1));
        MemoryEntry v2 = memory().update(MemoryUpdate.of(NS, "language", "fr").by("agent-7"));
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.metadata()).isEqualTo(Json.of(Map.of("source", "chat")));
        assertThat(v2.createdBy()).isEqualTo("alice");
        assertThat(v2.updatedBy()).isEqualTo("agent-7");
        MemoryEntry v3 = memory().update(MemoryUpdate.of(NS, "language", "de").withMetadata(Map.of("source", "form")));
        assertThat(v3.metadata()).isEqualTo(Json.of(Map.of("source", "form")));
        assertThat(memory().get(NS, "language").orElseThrow().value().as(String.class))
                .isEqualTo("de");
        assertThat(memory().version(NS, "language", 1).orElseThrow().value().as(String.class))
                .isEqualTo("en");
        assertThat(memory().version(NS, "language", 1).orElseThrow().current()).isFalse();
        assertThat(memory().history(NS, "language"))
                .extracting(MemoryEntry::version)
                .containsExactly(1, 2, 3);
        assertThat(memory().history(NS, "language"))
                .filteredOn(MemoryEntry::current)
                .hasSize(1);
        assertFails(ErrorCode.NOT_FOUND, () -> memory().update(MemoryUpdate.of(NS, "nope", 1)), "'nope'");
    }

    @Test
    void deleteLeavesTheKeyAbsentAndItCanBeAddedAgainWithTheNextVersion() {
        memory().add(NewMemory.of(NS, "k", 1));
        memory().update(MemoryUpdate.of(NS, "k", 2));
        MemoryEntry deleted = memory().delete(MemoryDelete.of(NS, "k").by("alice"));
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.version()).isEqualTo(2);
        assertThat(memory().get(NS, "k")).isEmpty();
        assertFails(
                ErrorCode.NOT_FOUND,
                () -> memory().delete(MemoryDelete.of(NS, "k").by("alice")));
        MemoryEntry again = memory().add(NewMemory.of(NS, "k", 3));
        assertThat(again.version()).isEqualTo(3);
        assertThat(memory().get(NS, "k").orElseThrow().value()).isEqualTo(Json.of(3));
        assertThat(memory().history(NS, "k")).extracting(MemoryEntry::deleted).containsExactly(false, true, false);
    }

    @Test
    void rollbackRetiresTheCurrentVersionAndRestoresThePreviousLiveOne() {
        memory().add(NewMemory.of(NS, "k", "v1"));
        memory().update(MemoryUpdate.of(NS, "k", "v2"));
        memory().update(MemoryUpdate.of(NS, "k", "v3"));
        MemoryEntry r1 = memory().rollback(MemoryRollback.of(NS, "k").by("alice"));
        assertThat(r1.version()).isEqualTo(2);
        assertThat(memory().get(NS, "k").orElseThrow().value().as(String.class)).isEqualTo("v2");
        MemoryEntry r2 = memory().rollback(MemoryRollback.of(NS, "k").by("alice"));
        assertThat(r2.version()).isEqualTo(1);
        assertFails(
                ErrorCode.CONFLICT,
                () -> memory().rollback(MemoryRollback.of(NS, "k").by("alice")),
                "no earlier live version");
        assertThat(memory().get(NS, "k").orElseThrow().version()).isEqualTo(1);
        // Versions keep increasing after a rollback.
        assertThat(memory().update(MemoryUpdate.of(NS, "k", "v4")).version()).isEqualTo(4);
        memory().rollback(NS, "k");
        assertThat(memory().get(NS, "k").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void anExpectedVersionMismatchIsAConflictAndWritesNothing() throws SQLException {
        memory().add(NewMemory.of(NS, "k", 1));
        memory().update(MemoryUpdate.of(NS, "k", 2));
        long auditBefore = count("SELECT count(*) FROM audit");
        assertFails(
                ErrorCode.CONFLICT,
                () -> memory().update(MemoryUpdate.of(NS, "k", 3).expecting(1)),
                "expected version 1",
                "current version is 2");
        assertFails(
                ErrorCode.CONFLICT,
                () -> memory().delete(MemoryDelete.of(NS, "k").by("a").expecting(1)),
                "expected version 1");
        assertFails(
                ErrorCode.CONFLICT,
                () -> memory().rollback(MemoryRollback.of(NS, "k").by("a").expecting(3)),
                "expected version 3");
        assertThat(memory().history(NS, "k")).hasSize(2);
        assertThat(count("SELECT count(*) FROM audit")).isEqualTo(auditBefore);
        assertThat(memory().update(MemoryUpdate.of(NS, "k", 3).expecting(2)).version())
                .isEqualTo(3);
        assertThat(memory().delete(MemoryDelete.of(NS, "k").by("a").expecting(3))
                        .version())
                .isEqualTo(3);
    }

    @Test
    void putAddsOrWritesANewVersion() {
        assertThat(memory().put(NewMemory.of(NS, "k", 1).withMetadata(Map.of("m", 1)))
                        .version())
                .isEqualTo(1);
        MemoryEntry v2 = memory().put(NewMemory.of(NS, "k", 2));
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.metadata()).isEqualTo(Json.of(Map.of("m", 1)));
    }

    @Test
    void everyChangeWritesItsAuditRowInTheSameTransaction() throws SQLException {
        MemoryEntry v1 = memory().add(NewMemory.of(NS, "k", 1).by("alice"));
        MemoryEntry v2 = memory().update(MemoryUpdate.of(NS, "k", 2).by("bob"));
        memory().rollback(MemoryRollback.of(NS, "k").by("carol"));
        memory().delete(MemoryDelete.of(NS, "k").by("dave"));
        try (Connection c = rawConnection();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT memory_operation_type, memory_namespace, memory_entry_id, actor, "
                                + jsonMember("action_data", "version") + " " + "FROM audit ORDER BY id")) {
            Object[][] expected = {
                {"create", NS, v1.id(), "alice", 1},
                {"update", NS, v2.id(), "bob", 2},
                {"rollback", NS, v1.id(), "carol", 1},
                {"delete", NS, v1.id(), "dave", 1},
            };
            for (Object[] row : expected) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(row[0]);
                assertThat(rs.getString(2)).isEqualTo(row[1]);
                assertThat(rs.getLong(3)).isEqualTo(row[2]);
                assertThat(rs.getString(4)).isEqualTo(row[3]);
                assertThat(rs.getInt(5)).isEqualTo(row[4]);
            }
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void aFailedBatchWritesNeitherMemoriesNorAuditRows() throws SQLException {
        memory().add(NewMemory.of(NS, "taken", 0));
        assertFails(
                ErrorCode.CONFLICT,
                () -> memory().addAll(List.of(
                        NewMemory.of(NS, "a", 1), NewMemory.of(NS, "b", 2), NewMemory.of(NS, "taken", 3))),
                "'taken'");
        assertThat(memory().get(NS, "a")).isEmpty();
        assertThat(count("SELECT count(*) FROM memory_entries")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM memory_recency")).isEqualTo(3);
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> memory().addAll(List.of(NewMemory.of(NS, "c", 1), NewMemory.of("bad::ns", "d", 1))),
                "memory #1",
                "'bad::ns'");
        assertThat(memory().addAll(List.of(NewMemory.of(NS, "a", 1), NewMemory.of(NS, "b", 2))))
                .hasSize(2);
        assertThat(count("SELECT count(*) FROM audit")).isEqualTo(3);
    }

    @Test
    void aLargeBatchIsWrittenInBulkWithEveryRowItsVersionRecencyAndAudit() throws SQLException {
        memory().add(NewMemory.of("load:b", "k7", 0));
        memory().delete(MemoryDelete.of("load:b", "k7").by("tester"));
        List<NewMemory> batch = new ArrayList<>();
        for (int i = 0; i < 150; i++) { // two full bulk statements and a remainder of 22
            batch.add(NewMemory.of("load:" + (char) ('a' + i % 3), "k" + i, Map.of("i", i))
                    .by("loader"));
        }
        List<MemoryEntry> added = memory().addAll(batch);

        assertThat(added)
                .hasSize(150)
                .extracting(MemoryEntry::key)
                .containsExactlyElementsOf(batch.stream().map(NewMemory::key).toList());
        assertThat(added).extracting(MemoryEntry::id).doesNotHaveDuplicates();
        for (MemoryEntry e : added) {
            MemoryEntry stored = memory().get(e.namespace(), e.key()).orElseThrow();
            assertThat(stored).isEqualTo(e);
            assertThat(e.version()).isEqualTo(e.key().equals("k7") ? 2 : 1); // k7 was deleted at version 1
        }
        assertThat(count("SELECT count(*) FROM audit WHERE memory_operation_type = 'create' AND actor = 'loader'"))
                .isEqualTo(150);
        assertThat(count("SELECT count(*) FROM audit a JOIN memory_entries m ON m.id = a.memory_entry_id "
                        + "WHERE a.actor = 'loader' AND " + jsonMember("a.action_data", "key") + " = m.key"))
                .isEqualTo(150);
        // Each entry has a recency row under 'load' and under its own namespace.
        assertThat(count("SELECT count(*) FROM memory_recency WHERE prefix = 'load'"))
                .isEqualTo(150);
        assertThat(memory().recentByPrefix("load", PageRequest.first(200)).items())
                .hasSize(150);
        assertThat(memory().recentByPrefix("load:b", PageRequest.first(200)).items())
                .hasSize(50);
    }

    @Test
    void aBulkChunkMeetingAnExistingKeyFailsTheWholeBatchNamingIt() throws SQLException {
        memory().add(NewMemory.of(NS, "k100", 0));
        List<NewMemory> batch = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            batch.add(NewMemory.of(NS, "k" + i, i));
        }
        assertFails(ErrorCode.CONFLICT, () -> memory().addAll(batch), "'k100'", "exists at version 1");
        assertThat(count("SELECT count(*) FROM memory_entries")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM memory_recency")).isEqualTo(3);

        List<NewMemory> twice = new ArrayList<>(batch.subList(0, 70));
        twice.set(69, NewMemory.of(NS, "k3", "again"));
        assertFails(ErrorCode.CONFLICT, () -> memory().addAll(twice), "memory #69", "'k3'", "twice");
        assertThat(count("SELECT count(*) FROM memory_entries")).isEqualTo(1);
    }

    @Test
    void namespacesAreCheckedBeforeAnythingIsWritten() throws SQLException {
        for (String bad : List.of(
                "",
                "user:",
                ":user",
                "user::alice",
                "user:al ice",
                "user:al%ce",
                "user:al*ce",
                "user:al'ce",
                "a".repeat(513),
                "a:b:c:d:e:f:g:h:i:j:k:l:m:n:o:p:q",
                "user:ali\u0000ce",
                "user:al\u00e9ce")) {
            assertFails(ErrorCode.INVALID_ARGUMENT, () -> memory().add(NewMemory.of(bad, "k", 1)), "namespace");
        }
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> memory().add(NewMemory.of("temp:scratch", "k", 1)),
                "never persisted");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> memory().add(NewMemory.of(NS, "", 1)), "memory key");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> memory().add(NewMemory.of(NS, "k", 1).withMetadata("str")),
                "JSON object");
        assertThat(count("SELECT count(*) FROM memory_entries")).isZero();
        assertThat(memory().add(NewMemory.of("User-1:a.b@c+d_e:x", "k", 1)).version())
                .isEqualTo(1);
    }

    @Test
    void aSubtreeMatchesWholeSegmentsCaseSensitivelyWithNoWildcards() {
        for (String ns : List.of(
                "user:alice",
                "user:alice:prefs",
                "user:alice:prefs:ui",
                "user:alice2",
                "user:alice-x",
                "user:alice.b",
                "user:alice+y",
                "user:alic",
                "User:alice",
                "user:alicf",
                "user:al_ce",
                "user")) {
            memory().add(NewMemory.of(ns, "k", ns));
        }
        assertThat(namespaces("user:alice")).containsExactly("user:alice", "user:alice:prefs", "user:alice:prefs:ui");
        assertThat(namespaces("user:al_ce")).containsExactly("user:al_ce");
        assertThat(namespaces("User")).containsExactly("User:alice");
        assertThat(namespaces("user:alice:prefs")).containsExactly("user:alice:prefs", "user:alice:prefs:ui");
        assertThat(namespaces("user")).hasSize(11);
        assertFails(
                ErrorCode.INVALID_ARGUMENT, () -> memory().byPrefix("user:al%", PageRequest.first(10)), "'user:al%'");
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> memory().byPrefix("user:alice:", PageRequest.first(10)),
                "empty segment");
    }

    private List<String> namespaces(String prefix) {
        return memory().byPrefix(prefix, PageRequest.first(100)).items().stream()
                .map(MemoryEntry::namespace)
                .toList();
    }

    @Test
    void aSubtreeListsOnlyCurrentLiveVersionsOptionallyOfOneType() {
        memory().add(NewMemory.of("app:x", "a", 1));
        memory().update(MemoryUpdate.of("app:x", "a", 2));
        memory().update(MemoryUpdate.of("app:x", "a", 3));
        memory().add(NewMemory.of("app:x:y", "b", 1).withType(MemoryType.EPISODIC));
        memory().add(NewMemory.of("app:x:y", "gone", 1));
        memory().delete("app:x:y", "gone");
        assertThat(memory().byPrefix("app:x", PageRequest.first(10)).items())
                .extracting(MemoryEntry::key, e -> e.value().as(Integer.class))
                .containsExactly(Tuple.tuple("a", 3), Tuple.tuple("b", 1));
        assertThat(memory().byPrefix("app:x", MemoryType.EPISODIC, PageRequest.first(10))
                        .items())
                .extracting(MemoryEntry::key)
                .containsExactly("b");
    }

    @Test
    void keysetPagesCrossTheRootAndReturnEveryEntryOnceInOrder() {
        List<String> expected = new ArrayList<>();
        for (String ns : List.of("p", "p:a", "p:a:b", "p:b", "p:b-c")) {
            for (int i = 0; i < 7; i++) {
                memory().add(NewMemory.of(ns, "k" + i, i));
                expected.add(ns + "/k" + i);
            }
        }
        memory().add(NewMemory.of("p-sibling", "k", 0));
        memory().add(NewMemory.of("q", "k", 0));
        List<Page<MemoryEntry>> pages = walk(cursor -> memory().byPrefix("p", page(3, cursor)));
        List<String> seen = pages.stream()
                .flatMap(p -> p.items().stream())
                .map(e -> e.namespace() + "/" + e.key())
                .toList();
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).hasSize(12);
        String forged =
                memory().byPrefix("q", PageRequest.first(1)).nextCursor().orElse(null);
        assertThat(forged).isNull();
        String other = memory().byPrefix("p", PageRequest.first(1)).nextCursor().orElseThrow();
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> memory().byPrefix("p:a", page(1, other)), "not a cursor");
    }

    @Test
    void recentListsASubtreeNewestFirstAndFollowsUpdatesDeletesAndRollbacks() {
        memory().add(NewMemory.of("r:a", "k1", 1));
        clock.advance(Duration.ofSeconds(1));
        memory().add(NewMemory.of("r:b:c", "k2", 2).withType(MemoryType.PROCEDURAL));
        clock.advance(Duration.ofSeconds(1));
        memory().add(NewMemory.of("r", "k3", 3));
        clock.advance(Duration.ofSeconds(1));
        memory().add(NewMemory.of("rr", "k4", 4));
        assertThat(recentKeys("r", null)).containsExactly("k3", "k2", "k1");
        assertThat(recentKeys("r:b", null)).containsExactly("k2");
        assertThat(recentKeys("r", MemoryType.PROCEDURAL)).containsExactly("k2");
        clock.advance(Duration.ofSeconds(1));
        memory().update(MemoryUpdate.of("r:a", "k1", 10));
        assertThat(recentKeys("r", null)).containsExactly("k1", "k3", "k2");
        memory().delete("r", "k3");
        assertThat(recentKeys("r", null)).containsExactly("k1", "k2");
        memory().rollback("r:a", "k1"); // back to the version written first
        assertThat(recentKeys("r", null)).containsExactly("k2", "k1");
        assertThat(memory().recentByPrefix("r", PageRequest.first(10))
                        .items()
                        .get(1)
                        .value())
                .isEqualTo(Json.of(1));
    }

    @Test
    void recencyFollowsEveryWriteAtEveryDepth() throws Exception {
        // One segment, the depths one statement covers (2 and 8), and deeper ones written a row at a time.
        for (int depth : new int[] {1, 2, 8, 9, 12}) {
            StringBuilder ns = new StringBuilder("d" + depth);
            for (int i = 1; i < depth; i++) {
                ns.append(":s").append(i);
            }
            String namespace = ns.toString();
            List<String> prefixes = Namespaces.prefixes(namespace);
            assertThat(prefixes).hasSize(depth);
            memory().add(NewMemory.of(namespace, "k", 1));
            memory().add(NewMemory.of(namespace, "other", 1));
            clock.advance(Duration.ofSeconds(1));
            memory().update(MemoryUpdate.of(namespace, "k", 2));
            for (String p : prefixes) {
                assertThat(recentKeys(p, null)).as(p).containsExactly("k", "other");
            }
            assertThat(recencyRows(namespace)).isEqualTo(2L * depth);
            clock.advance(Duration.ofSeconds(1));
            memory().rollback(namespace, "k");
            memory().delete(namespace, "other");
            for (String p : prefixes) {
                List<MemoryEntry> recent =
                        memory().recentByPrefix(p, PageRequest.first(10)).items();
                assertThat(recent).as(p).extracting(MemoryEntry::key).containsExactly("k");
                assertThat(recent.get(0).value()).isEqualTo(Json.of(1));
            }
            assertThat(recencyRows(namespace)).isEqualTo(depth);
        }
    }

    /** The recency rows of every entry stored in exactly this namespace, counted by hand. */
    private long recencyRows(String namespace) throws Exception {
        try (java.sql.Connection c = rawConnection();
                java.sql.PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM memory_recency r "
                        + "JOIN memory_entries e ON e.id = r.entry_id WHERE e.namespace = ?")) {
            ps.setString(1, namespace);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void recentPagesAreExactWhenManyEntriesShareATimestamp() {
        for (int i = 0; i < 20; i++) {
            memory().add(NewMemory.of("same:time", "k" + i, i));
        }
        List<Long> ids = allItems(cursor -> memory().recentByPrefix("same", page(6, cursor))).stream()
                .map(MemoryEntry::id)
                .toList();
        assertThat(ids).hasSize(20).doesNotHaveDuplicates().isSortedAccordingTo(Comparator.reverseOrder());
        List<Long> byType = allItems(cursor -> memory().byType(MemoryType.SEMANTIC, page(7, cursor))).stream()
                .map(MemoryEntry::id)
                .toList();
        assertThat(byType).containsExactlyElementsOf(ids);
    }

    private List<String> recentKeys(String prefix, MemoryType type) {
        Page<MemoryEntry> page = type == null
                ? memory().recentByPrefix(prefix, PageRequest.first(10))
                : memory().recentByPrefix(prefix, type, PageRequest.first(10));
        return page.items().stream().map(MemoryEntry::key).toList();
    }

    @Test
    void listsByTypeAndByCreatorMostRecentFirst() {
        memory().add(NewMemory.of("a", "k1", 1).withType(MemoryType.EPISODIC).by("alice"));
        clock.advance(Duration.ofSeconds(1));
        memory().add(NewMemory.of("b", "k2", 1).withType(MemoryType.EPISODIC).by("bob"));
        clock.advance(Duration.ofSeconds(1));
        memory().add(NewMemory.of("c", "k3", 1).by("alice"));
        assertThat(memory().byType(MemoryType.EPISODIC, PageRequest.first(10)).items())
                .extracting(MemoryEntry::key)
                .containsExactly("k2", "k1");
        assertThat(memory().byCreator("alice", PageRequest.first(10)).items())
                .extracting(MemoryEntry::key)
                .containsExactly("k3", "k1");
    }

    @Test
    void childNamespacesAreListedToAGivenDepth() {
        for (String ns :
                List.of("u", "u:a", "u:a:x", "u:a:x:deep", "u:a-2", "u:a-2:y", "u:b:z", "u:c", "v:a", "uu:a")) {
            memory().add(NewMemory.of(ns, "k", 1));
        }
        memory().add(NewMemory.of("u:gone", "k", 1));
        memory().delete("u:gone", "k");
        assertThat(memory().childNamespaces("u", 1, 100)).containsExactly("u:a", "u:a-2", "u:b", "u:c");
        // Binary text order: '-' sorts before ':'.
        assertThat(memory().childNamespaces("u", 2, 100))
                .containsExactly("u:a", "u:a-2", "u:a-2:y", "u:a:x", "u:b:z", "u:c");
        assertThat(memory().childNamespaces("u:a", 1, 100)).containsExactly("u:a:x");
        assertThat(memory().childNamespaces("u", 1, 2)).containsExactly("u:a", "u:a-2");
        assertThat(memory().childNamespaces("zzz", 1, 10)).isEmpty();
    }

    @Test
    void episodicMemoriesExpireAfterTheTtlAndTheSweepRetiresAndAuditsThem() throws SQLException {
        memory().add(NewMemory.of("user:alice:episodes", "lunch", "pizza").withType(MemoryType.EPISODIC));
        memory().add(NewMemory.of("user:alice:facts", "name", "Alice"));
        clock.advance(Duration.ofDays(20));
        memory().add(NewMemory.of("user:alice:episodes", "dinner", "soup").withType(MemoryType.EPISODIC));
        clock.advance(Duration.ofDays(10).plusSeconds(1));
        assertThat(memory().expired(10)).extracting(MemoryEntry::key).containsExactly("lunch");
        memory().update(MemoryUpdate.of("user:alice:episodes", "dinner", "stew")); // renews its TTL
        clock.advance(Duration.ofDays(25));
        assertThat(memory().expired(10)).extracting(MemoryEntry::key).containsExactly("lunch");
        assertThat(memory().sweepExpired(100)).isEqualTo(1);
        assertThat(memory().get("user:alice:episodes", "lunch")).isEmpty();
        assertThat(memory().get("user:alice:facts", "name")).isPresent();
        assertThat(memory().expired(10)).isEmpty();
        assertThat(count("SELECT count(*) FROM audit WHERE actor = 'system:ttl' AND memory_operation_type = 'delete'"))
                .isEqualTo(1);
        clock.advance(Duration.ofDays(6));
        assertThat(memory().sweepExpired(100)).isEqualTo(1);
        assertThat(memory().get("user:alice:episodes", "dinner")).isEmpty();
    }

    @Test
    void theTtlIsConfigurable() {
        store().close();
        try (var store = openStore(options().withEpisodicTtl(Duration.ofDays(90)))) {
            MemoryEntry e = store.memory().add(NewMemory.of("a", "k", 1).withType(MemoryType.EPISODIC));
            assertThat(e.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(90)));
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = rawConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void putOverAnExistingKeyKeepsItsTypeUnlessOneIsGiven() {
        memory().add(NewMemory.of(NS, "how", "step 1").withType(MemoryType.PROCEDURAL));
        MemoryEntry v2 = memory().put(NewMemory.of(NS, "how", "step 2"));
        assertThat(v2.type()).isEqualTo(MemoryType.PROCEDURAL);
        assertThat(memory().get(NS, "how").orElseThrow().type()).isEqualTo(MemoryType.PROCEDURAL);
        MemoryEntry v3 = memory().put(NewMemory.of(NS, "how", "a fact").withType(MemoryType.SEMANTIC));
        assertThat(v3.type()).isEqualTo(MemoryType.SEMANTIC);
        // A new key without a type is semantic.
        assertThat(memory().put(NewMemory.of(NS, "new", 1)).type()).isEqualTo(MemoryType.SEMANTIC);
    }

    @Test
    void putAllWritesNewKeysAndNewVersionsInOneTransaction() {
        memory().add(NewMemory.of(NS, "a", 1).withMetadata(Map.of("keep", true)));
        List<MemoryEntry> put = memory().putAll(List.of(NewMemory.of(NS, "a", 2), NewMemory.of(NS, "b", 1)));
        assertThat(put)
                .extracting(MemoryEntry::key, MemoryEntry::version)
                .containsExactly(Tuple.tuple("a", 2), Tuple.tuple("b", 1));
        assertThat(memory().get(NS, "a")
                        .orElseThrow()
                        .metadata()
                        .tree()
                        .get("keep")
                        .asBoolean())
                .isTrue();
        // One bad memory: nothing of the batch is written.
        assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> memory().putAll(List.of(NewMemory.of(NS, "a", 3), NewMemory.of("bad::ns", "x", 1))),
                "memory #1");
        assertThat(memory().get(NS, "a").orElseThrow().version()).isEqualTo(2);
        assertFails(
                ErrorCode.CONFLICT,
                () -> memory().putAll(List.of(NewMemory.of(NS, "c", 1), NewMemory.of(NS, "c", 2))),
                "twice");
    }

    @Test
    void deleteAllAndDeleteKeysRetireKeysOfExactlyOneNamespace() {
        memory().addAll(List.of(
                NewMemory.of(NS, "d1", 1).withMetadata(Map.of("genre", "drama")),
                NewMemory.of(NS, "d2", 1).withMetadata(Map.of("genre", "drama")),
                NewMemory.of(NS, "c1", 1).withMetadata(Map.of("genre", "comedy")),
                NewMemory.of(NS + ":below", "d3", 1).withMetadata(Map.of("genre", "drama"))));
        assertThat(memory().deleteAll(NS, io.agentstore.search.MetadataFilter.eq("genre", "drama")))
                .isEqualTo(2);
        assertThat(memory().get(NS, "d1")).isEmpty();
        assertThat(memory().get(NS, "c1")).isPresent();
        assertThat(memory().get(NS + ":below", "d3"))
                .as("not below the namespace")
                .isPresent();
        assertThat(memory().history(NS, "d1")).extracting(MemoryEntry::deleted).containsExactly(true);
        assertThat(memory().deleteKeys(NS, List.of("c1", "missing", "d1"))).isEqualTo(1);
        assertThat(memory().get(NS, "c1")).isEmpty();
        assertThat(memory().deleteAll(NS + ":below", null)).isEqualTo(1);
        assertThat(memory().byPrefix(NS, PageRequest.first(10)).items()).isEmpty();
    }
}
