package io.agentstore.adk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.adk.events.Event;
import com.google.adk.memory.BaseMemoryService;
import com.google.adk.memory.MemoryEntry;
import com.google.adk.memory.SearchMemoryResponse;
import com.google.adk.sessions.Session;
import com.google.genai.types.Content;
import com.google.genai.types.Part;
import io.agentstore.AgentStore;
import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.internal.Failures;
import io.agentstore.memory.MemorySearch;
import io.agentstore.memory.MemoryType;
import io.agentstore.memory.NewMemory;
import io.agentstore.search.Embedding;
import io.agentstore.search.SearchHit;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ADK's memory service on agentstore's memory store, in the user's namespace.
 *
 * <p>{@link #addSessionToMemory} keeps each event of the session that has content as one memory
 * ({@code user:<user>:adk:<app>:events:<session>}, key = the event id), and indexes the words of
 * its text: one small entry per distinct word ({@code user:<user>:adk:<app>:words:<word>}, key =
 * {@code <session>/<event>}), an inverted index kept in the memory table itself. Adding a session
 * again adds only the events not yet kept. A user id, app name or session id that cannot be a
 * namespace segment ({@code tenant:alice}, {@code my app!}) stands in them as {@code h-<its SHA-256>}.
 *
 * <p>{@link #searchMemory} splits the query into words as ADK's in-memory service splits event
 * text (letters, lower-cased), reads each word's entries — one range of the memory index per
 * word, never a scan of the user's memories — ranks the events by how many of the query's words
 * they hold, then newest first, and returns the best {@code maxResults}.
 */
public final class AgentStoreMemoryService implements BaseMemoryService {

    /** Words as ADK's in-memory memory service finds them in event text. */
    private static final Pattern WORD = Pattern.compile("[A-Za-z]+");

    private static final int MAX_QUERY_WORDS = 32;
    private static final int MAX_WORD = 64;
    private static final int PAGE = 1_000;
    private static final int EVENTS_PER_BATCH = 100;

    private final AgentStore store;
    private final int maxResults;
    private final int maxPostingsPerWord;
    private final boolean semantic;

    /** With the defaults: at most 50 results, and the newest 10,000 events per query word considered. */
    public AgentStoreMemoryService(AgentStore store) {
        this(store, 50, 10_000);
    }

    public AgentStoreMemoryService(AgentStore store, int maxResults, int maxPostingsPerWord) {
        this(store, maxResults, maxPostingsPerWord, false);
    }

    /**
     * The semantic mode: an event's text is embedded by the store's {@link
     * io.agentstore.search.Embedder} (open the store with {@code StoreOptions.withEmbedder}) as it
     * is added, and {@link #searchMemory} returns the user's events closest in meaning to the
     * query, best first (exact cosine ranking), at most {@code maxResults}. No word postings are
     * written. A search on a store without an embedder is {@code INVALID_ARGUMENT}.
     */
    public static AgentStoreMemoryService semantic(AgentStore store, int maxResults) {
        return new AgentStoreMemoryService(store, maxResults, 1, true);
    }

    private AgentStoreMemoryService(AgentStore store, int maxResults, int maxPostingsPerWord, boolean semantic) {
        this.semantic = semantic;
        this.store = Objects.requireNonNull(store, "store");
        if (maxResults < 1) {
            throw Failures.invalid("maxResults must be >= 1: " + maxResults);
        }
        if (maxPostingsPerWord < 1) {
            throw Failures.invalid("maxPostingsPerWord must be >= 1: " + maxPostingsPerWord);
        }
        this.maxResults = maxResults;
        this.maxPostingsPerWord = maxPostingsPerWord;
    }

    /** The user's ADK memories of the app (names that are not namespace segments digested, as {@link AdkIds} does). */
    private static String base(String appName, String userId) {
        return "user:" + AdkIds.segment(userId) + ":adk:" + AdkIds.segment(appName);
    }

    static String eventsNamespace(String appName, String userId, String sessionId) {
        return base(appName, userId) + ":events:" + AdkIds.segment(sessionId);
    }

    static String wordNamespace(String appName, String userId, String word) {
        return base(appName, userId) + ":words:" + word;
    }

    /** The distinct words of a text, lower-cased, as ADK's in-memory service takes them. */
    static Set<String> words(String text) {
        Set<String> out = new LinkedHashSet<>();
        if (text == null) {
            return out;
        }
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            String w = m.group().toLowerCase(Locale.ROOT);
            if (w.length() <= MAX_WORD) {
                out.add(w);
            }
        }
        return out;
    }

    private static boolean hasContent(Event e) {
        return e.content().flatMap(Content::parts).filter(p -> !p.isEmpty()).isPresent();
    }

    private static String text(Event e) {
        StringBuilder b = new StringBuilder();
        for (Part p : e.content().flatMap(Content::parts).orElse(List.of())) {
            p.text().ifPresent(t -> b.append(t).append(' '));
        }
        return b.toString();
    }

    @Override
    public Completable addSessionToMemory(Session session) {
        return Completable.fromAction(() -> {
            Objects.requireNonNull(session, "session must not be null");
            String app = AdkJson.required(session.appName(), "session.appName");
            String user = AdkJson.required(session.userId(), "session.userId");
            String sid = AdkJson.required(session.id(), "session.id");
            List<Event> events;
            synchronized (session) {
                events = new ArrayList<>(session.events());
            }
            // Two instances adding one session at once: the second's batch meets keys the first
            // wrote (CONFLICT, nothing of it kept); it reads what is kept and adds the rest.
            for (int attempt = 1; ; attempt++) {
                try {
                    addNew(app, user, sid, events);
                    return;
                } catch (AgentStoreException e) {
                    if (e.code() != ErrorCode.CONFLICT || attempt == 3) {
                        throw e;
                    }
                }
            }
        });
    }

    private void addNew(String app, String user, String sid, List<Event> events) {
        String eventsNs = eventsNamespace(app, user, sid);
        Set<String> kept = new HashSet<>();
        String cursor = null;
        do {
            Page<io.agentstore.memory.MemoryEntry> page = store.memory()
                    .byPrefix(eventsNs, (cursor == null ? PageRequest.first(PAGE) : PageRequest.after(cursor, PAGE)));
            page.items().forEach(m -> kept.add(m.key()));
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        List<NewMemory> batch = new ArrayList<>();
        int inBatch = 0;
        for (Event e : events) {
            String id = e.id();
            if (!hasContent(e) || id == null || id.isEmpty() || !kept.add(id)) {
                continue;
            }
            ObjectNode value = AdkJson.mapper().createObjectNode();
            value.put("author", e.author());
            value.put("timestamp", e.timestamp());
            value.set("content", AdkJson.mapper().valueToTree(e.content().get()));
            String text = text(e).strip();
            value.put("text", text);
            // The semantic mode embeds the event's text (the store's embedder, in the batch's one
            // call); the keyword mode embeds nothing, even on a store that has an embedder.
            batch.add(NewMemory.of(eventsNs, id, Json.of(value))
                    .withType(MemoryType.EPISODIC)
                    .withEmbedding(semantic ? Embedding.fields("text") : Embedding.none()));
            if (!semantic) {
                for (String w : words(text)) {
                    batch.add(NewMemory.of(
                                    wordNamespace(app, user, w),
                                    AdkIds.segment(sid) + "/" + id,
                                    Map.of("t", e.timestamp()))
                            .withType(MemoryType.EPISODIC)
                            .withEmbedding(Embedding.none()));
                }
            }
            if (++inBatch == EVENTS_PER_BATCH) {
                store.memory().addAll(batch);
                batch.clear();
                inBatch = 0;
            }
        }
        if (!batch.isEmpty()) {
            store.memory().addAll(batch);
        }
    }

    /** One event a query matched: how many of its words, and when. */
    private record Hit(String key, int words, long time) {}

    @Override
    public Single<SearchMemoryResponse> searchMemory(String appName, String userId, String query) {
        if (semantic) {
            return Single.fromCallable(() -> searchByMeaning(appName, userId, query));
        }
        return Single.fromCallable(() -> {
            String app = AdkJson.required(appName, "appName");
            String user = AdkJson.required(userId, "userId");
            AdkJson.required(query, "query");
            Map<String, Hit> hits = new HashMap<>();
            int n = 0;
            for (String w : words(query)) {
                if (++n > MAX_QUERY_WORDS) {
                    break;
                }
                for (io.agentstore.memory.MemoryEntry posting : postings(wordNamespace(app, user, w))) {
                    long t = posting.value().tree().path("t").asLong();
                    hits.merge(
                            posting.key(),
                            new Hit(posting.key(), 1, t),
                            (a, b) -> new Hit(a.key(), a.words() + 1, a.time()));
                }
            }
            List<Hit> ranked = new ArrayList<>(hits.values());
            ranked.sort(Comparator.comparingInt(Hit::words)
                    .reversed()
                    .thenComparing(Comparator.comparingLong(Hit::time).reversed())
                    .thenComparing(Hit::key));
            List<MemoryEntry> out = new ArrayList<>();
            for (Hit h : ranked) {
                if (out.size() == maxResults) {
                    break;
                }
                int slash = h.key().indexOf('/');
                String sid = h.key().substring(0, slash); // a segment already: segment(sid) is sid
                String eventId = h.key().substring(slash + 1);
                store.memory()
                        .get(eventsNamespace(app, user, sid), eventId)
                        .ifPresent(m -> out.add(entry(m.value().tree())));
            }
            return SearchMemoryResponse.builder().memories(out).build();
        });
    }

    /** The user's events closest in meaning to the query, across the app's sessions. */
    private SearchMemoryResponse searchByMeaning(String appName, String userId, String query) {
        String app = AdkJson.required(appName, "appName");
        String user = AdkJson.required(userId, "userId");
        if (AdkJson.required(query, "query").isBlank()) {
            return SearchMemoryResponse.builder().memories(List.of()).build();
        }
        List<MemoryEntry> out = new ArrayList<>();
        for (SearchHit<io.agentstore.memory.MemoryEntry> h : store.memory()
                .search(MemorySearch.text(query)
                        .within(base(app, user) + ":events")
                        .withLimit(Math.min(maxResults, MemorySearch.MAX_LIMIT)))) {
            out.add(entry(h.item().value().tree()));
        }
        return SearchMemoryResponse.builder().memories(out).build();
    }

    /** A word's entries, newest first, up to the limit: one range of the memory recency index. */
    private List<io.agentstore.memory.MemoryEntry> postings(String namespace) {
        List<io.agentstore.memory.MemoryEntry> out = new ArrayList<>();
        String cursor = null;
        do {
            int want = Math.min(PAGE, maxPostingsPerWord - out.size());
            Page<io.agentstore.memory.MemoryEntry> page = store.memory()
                    .recentByPrefix(
                            namespace, (cursor == null ? PageRequest.first(want) : PageRequest.after(cursor, want)));
            out.addAll(page.items());
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null && out.size() < maxPostingsPerWord);
        return out;
    }

    private static MemoryEntry entry(JsonNode value) {
        try {
            Content content = AdkJson.mapper().treeToValue(value.get("content"), Content.class);
            return MemoryEntry.builder()
                    .content(content)
                    .author(value.path("author").asText(null))
                    .timestamp(Instant.ofEpochMilli(value.path("timestamp").asLong())
                            .toString())
                    .build();
        } catch (Exception e) {
            throw Failures.of(
                    ErrorCode.INVALID_ARGUMENT, "a kept ADK memory cannot be read back: " + e.getMessage(), e);
        }
    }
}
