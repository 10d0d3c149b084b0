package io.agentstore.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.PageRequest;
import io.agentstore.StoreTestBase;
import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.Namespaces;
import io.agentstore.memory.NewMemory;
import io.agentstore.memory.ScopedMemory;
import io.agentstore.sessions.NewSession;
import io.agentstore.sessions.Session;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Property tests of bad input, over thousands of generated values: namespaces, keys, JSON
 * payloads, sizes and unicode (NUL, lone surrogates, right-to-left text, astral characters).
 * For every value: either it is accepted and round-trips exactly, or it is refused with
 * INVALID_ARGUMENT (FORBIDDEN for scope escapes) naming the value, and nothing is written.
 * Seeded: a failure prints its seed; {@code -Dagentstore.props.seed=N} replays it.
 */
class BadInputPropertyTest extends StoreTestBase {

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_.@+-]+(:[A-Za-z0-9_.@+-]+){0,15}");
    private static final String[] PIECES = {
        "a",
        "Z",
        "0",
        "_",
        ".",
        "@",
        "+",
        "-",
        ":",
        "::",
        "%",
        "*",
        "?",
        "[",
        "]",
        " ",
        "'",
        "\"",
        "\\",
        "\u0000",
        "\n",
        "\u202E",
        "\u05D0",
        "\uD800",
        "\uDC00",
        "\uD83D\uDE00",
        "é",
        "user",
        "alice",
        ";",
        "/"
    };

    private final long seed = Long.getLong("agentstore.props.seed", System.nanoTime());
    private final Random random = new Random(seed);

    private String randomText(int maxPieces) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(maxPieces + 1);
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[random.nextInt(PIECES.length)]);
        }
        if (random.nextInt(20) == 0) {
            sb.append("x".repeat(400 + random.nextInt(300))); // around the length limits
        }
        return sb.toString();
    }

    /** Segments of allowed characters, now and then with one defect. */
    private String plausibleNamespace() {
        String alphabet = "abcXYZ019_.@+-";
        StringBuilder sb = new StringBuilder();
        int segments = 1 + random.nextInt(4);
        for (int s = 0; s < segments; s++) {
            if (s > 0) {
                sb.append(':');
            }
            int len = 1 + random.nextInt(6);
            for (int i = 0; i < len; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        if (random.nextInt(4) == 0) {
            sb.insert(random.nextInt(sb.length() + 1), PIECES[random.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    /** One plain connection for the row counts of a test (a new one per count made the PostgreSQL runs minutes long). */
    private Connection counting;

    @AfterEach
    void closeCounting() throws Exception {
        if (counting != null) {
            counting.close();
        }
    }

    private long rows() throws Exception {
        store(); // opened (and migrated) before the first count
        if (counting == null) {
            counting = rawConnection();
        }
        try (Statement st = counting.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT (SELECT count(*) FROM memory_entries) + (SELECT count(*) FROM audit)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String shownPrefix(String value) {
        // Error messages quote the value, escaping control characters and surrogates.
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(value.length(), 20); i++) {
            char c = value.charAt(i);
            sb.append(
                    Character.isISOControl(c) || Character.isSurrogate(c)
                            ? String.format("\\u%04X", (int) c)
                            : String.valueOf(c));
        }
        return sb.toString();
    }

    @Test
    void everyNamespaceIsEitherValidAndRoundTripsOrRefusedWithNothingWritten() throws Exception {
        int accepted = 0;
        for (int i = 0; i < 1_500; i++) {
            String ns = random.nextInt(3) == 0 ? plausibleNamespace() : randomText(12);
            boolean valid = ns.length() >= 1
                    && ns.length() <= Namespaces.MAX_LENGTH
                    && NAMESPACE.matcher(ns).matches()
                    && !Namespaces.isTemp(ns);
            long before = rows();
            if (valid) {
                MemoryEntry e = store().memory().put(NewMemory.of(ns, "k", i));
                assertThat(store().memory().get(ns, "k")).as("seed " + seed).contains(e);
                accepted++;
            } else {
                int n = i;
                AgentStoreException e = catchThrowableOfType(
                        AgentStoreException.class, () -> store().memory().add(NewMemory.of(ns, "k", n)));
                assertThat(e)
                        .as("seed %d: namespace %s should be refused", seed, shownPrefix(ns))
                        .isNotNull();
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(e.getMessage()).as("seed " + seed).contains("namespace");
                if (!ns.isEmpty() && ns.length() <= 100) {
                    assertThat(e.getMessage()).as("seed " + seed).contains(shownPrefix(ns));
                }
                assertThat(rows()).as("seed " + seed).isEqualTo(before);
            }
        }
        assertThat(accepted).as("the generator reaches valid namespaces too").isGreaterThan(200);
    }

    @Test
    void everyKeyAndJsonPayloadRoundTripsExactlyOrIsRefusedNamingIt() throws Exception {
        int accepted = 0;
        for (int i = 0; i < 1_500; i++) {
            String key = randomText(8);
            Map<String, Object> value = new LinkedHashMap<>();
            value.put(randomText(3), randomText(6));
            value.put("n", random.nextDouble() * 1e9);
            value.put("list", List.of(randomText(2), random.nextInt(), Map.of("deep", randomText(2))));
            boolean valid = !key.isBlank() && key.length() <= 512 && wellFormed(key) && wellFormedJson(value);
            long before = rows();
            if (valid) {
                store().memory().put(NewMemory.of("props", key, value));
                MemoryEntry read = store().memory().get("props", key).orElseThrow();
                assertThat(read.key()).as("seed " + seed).isEqualTo(key);
                assertThat(read.value()).as("seed " + seed).isEqualTo(Json.of(value));
                accepted++;
            } else {
                AgentStoreException e = catchThrowableOfType(
                        AgentStoreException.class, () -> store().memory().put(NewMemory.of("props", key, value)));
                assertThat(e)
                        .as("seed %d: key %s / value should be refused", seed, shownPrefix(key))
                        .isNotNull();
                assertThat(e.code())
                        .as("seed %d: %s", seed, e.getMessage())
                        .isIn(ErrorCode.INVALID_ARGUMENT, ErrorCode.CONSTRAINT);
                assertThat(rows()).as("seed " + seed).isEqualTo(before);
            }
        }
        assertThat(accepted).isGreaterThan(100);
    }

    /** Keys and strings inside JSON: Jackson escapes control characters; lone surrogates cannot be UTF-8. */
    private static boolean wellFormedJson(Object v) {
        if (v instanceof String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\u0000') {
                    return false; // refused on every engine: PostgreSQL's jsonb cannot hold it
                }
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().allMatch(e -> wellFormedJson(e.getKey()) && wellFormedJson(e.getValue()));
        }
        if (v instanceof List<?> l) {
            return l.stream().allMatch(BadInputPropertyTest::wellFormedJson);
        }
        return true;
    }

    @Test
    void sizesAreLimitedAndTheLimitItselfIsAccepted() throws Exception {
        String big = "x".repeat((1 << 20) - 2); // with its quotes: exactly the 1 MiB limit
        assertThat(store().memory()
                        .add(NewMemory.of("size", "max", big))
                        .value()
                        .as(String.class))
                .hasSize(big.length());
        long before = rows();
        AgentStoreException e = catchThrowableOfType(
                AgentStoreException.class, () -> store().memory().add(NewMemory.of("size", "over", big + "x")));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("1048577 characters", "limit is 1048576");
        assertThat(rows()).isEqualTo(before);
        assertThat(store().memory()
                        .add(NewMemory.of("size", "k".repeat(512), 1))
                        .key())
                .hasSize(512);
        assertThat(catchThrowableOfType(
                                AgentStoreException.class,
                                () -> store().memory().add(NewMemory.of("size", "k".repeat(513), 1)))
                        .getMessage())
                .contains("1..512");
    }

    @Test
    void noPrefixWidensAMatchBeyondItsWholeSegments() {
        List<String> namespaces = new ArrayList<>();
        for (String a : List.of("u", "u2", "u-x", "u.y", "U", "u_")) {
            for (String b : List.of("", ":a", ":a:b", ":a2", ":a-1", ":A")) {
                namespaces.add(a + b);
            }
        }
        for (String ns : namespaces) {
            store().memory().add(NewMemory.of(ns, "k", ns));
        }
        for (int i = 0; i < 300; i++) {
            String prefix = namespaces.get(random.nextInt(namespaces.size()));
            if (random.nextBoolean() && prefix.contains(":")) {
                prefix = prefix.substring(0, prefix.lastIndexOf(':'));
            }
            String p = prefix;
            List<String> want = namespaces.stream()
                    .filter(ns -> Namespaces.isWithin(ns, p))
                    .sorted()
                    .toList();
            List<String> got = store().memory().byPrefix(p, PageRequest.first(1000)).items().stream()
                    .map(MemoryEntry::namespace)
                    .toList();
            assertThat(want).isNotEmpty();
            assertThat(got).as("seed %d prefix %s", seed, p).containsExactlyInAnyOrderElementsOf(want);
        }
    }

    @Test
    void noNamespaceLetsASessionHandleWriteOutsideItsScopes() throws Exception {
        Session s = store().sessions()
                .create(NewSession.of("app1", "alice").withId("s1").withProject("p1"));
        ScopedMemory scoped = store().memory().scoped(s);
        Map<String, Integer> outcomes = new HashMap<>();
        for (int i = 0; i < 800; i++) {
            String root = List.of(
                            "session:s1",
                            "user:alice",
                            "app:app1",
                            "project:p1",
                            "user:alice2",
                            "user",
                            "session:s10",
                            "user:bob",
                            "temp",
                            "")
                    .get(random.nextInt(10));
            String ns = root + (random.nextBoolean() ? "" : ":" + randomText(3));
            long before = rows();
            boolean writable = NAMESPACE.matcher(ns).matches()
                    && ns.length() <= Namespaces.MAX_LENGTH
                    && (Namespaces.isWithin(ns, "session:s1") || Namespaces.isWithin(ns, "user:alice"));
            try {
                scoped.put(NewMemory.of(ns, "k", i));
                assertThat(writable)
                        .as("seed %d: wrote %s", seed, shownPrefix(ns))
                        .isTrue();
                outcomes.merge("written", 1, Integer::sum);
            } catch (AgentStoreException e) {
                assertThat(writable)
                        .as("seed %d: refused %s: %s", seed, shownPrefix(ns), e.getMessage())
                        .isFalse();
                assertThat(e.code()).isIn(ErrorCode.FORBIDDEN, ErrorCode.INVALID_ARGUMENT);
                assertThat(rows()).isEqualTo(before);
                outcomes.merge(e.code().name(), 1, Integer::sum);
            }
        }
        assertThat(outcomes).containsKeys("written", "FORBIDDEN", "INVALID_ARGUMENT");
    }
}
