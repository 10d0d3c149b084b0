package io.agentstore.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentstore.AgentStore;
import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.Json;
import io.agentstore.Page;
import io.agentstore.PageRequest;
import io.agentstore.internal.Failures;
import io.agentstore.memory.Namespaces;
import io.agentstore.sessions.Event;
import io.agentstore.sessions.NewEvent;
import io.agentstore.sessions.NewSession;
import io.agentstore.sessions.Session;
import io.agentstore.sessions.SessionStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Conversations as agent frameworks' chat memories see them: a window of messages (what the
 * framework's memory holds now) over a durable, append-only history of every message.
 *
 * <p>Each conversation is one session (id {@code <framework>.<conversation id>}, or a digest of
 * the id when it is not a valid session id; the id itself is kept in the session's metadata);
 * each message is one event of it (type = the message's type, content = the framework's own
 * JSON of the message). {@link #replaceWindow} — what a framework calls with its whole window
 * after every change — appends only the messages that are new and records which messages form
 * the window, in one transaction: the cost of adding a message does not grow with the history.
 * Messages the window evicts stay in the history ({@link #history}) unless the conversations
 * were opened {@link #withoutHistory() without history}.
 *
 * <p>The window is kept in the session state ({@code window}): the messages pinned before the
 * window's run ({@code pinned}, e.g. a system message) and the first seq of the run, which
 * reaches to the end of the history ({@code from}); so a message another instance appends to the
 * same conversation at the same time is in the window too, never lost. A window that is not of
 * that form (messages reordered or removed from its middle) is kept as a list of seqs.
 */
public final class Conversations {

    private static final int PAGE = 1_000;
    private static final String WINDOW = "window";
    private static final String ID_KEY = "conversationId";

    /** A message as stored: its seq in the conversation's history, its type and the framework's JSON of it. */
    public record Message(long seq, String type, Json content, Instant createdAt) {}

    /** A message to store: its type (e.g. {@code USER}, {@code AI}, {@code TOOL}) and the framework's JSON of it. */
    public record NewMessage(String type, Json content) {}

    private final SessionStore sessions;
    private final String framework;
    private final boolean keepHistory;

    private Conversations(SessionStore sessions, String framework, boolean keepHistory) {
        this.sessions = sessions;
        this.framework = framework;
        this.keepHistory = keepHistory;
    }

    /**
     * The conversations of one framework in a store ({@code framework} names their app and
     * prefixes their session ids, e.g. {@code langchain4j}), keeping every message's history.
     */
    public static Conversations of(AgentStore store, String framework) {
        Failures.required(store, "store");
        return new Conversations(store.sessions(), Namespaces.checkSegment("framework", framework), true);
    }

    /** The same conversations, deleting the messages a window evicts instead of keeping them in the history. */
    public Conversations withoutHistory() {
        return new Conversations(sessions, framework, false);
    }

    public boolean keepsHistory() {
        return keepHistory;
    }

    /**
     * The session id of a conversation: readable when the id allows, else a digest of it. Any
     * string is a conversation id, the empty one included (a framework that refuses some ids
     * refuses them itself); null is refused.
     */
    public String sessionId(String conversationId) {
        if (conversationId == null) {
            throw Failures.invalid("conversation id must not be null");
        }
        String readable = framework + "." + conversationId;
        if (!conversationId.isEmpty()
                && readable.length() <= 128
                && conversationId.chars().allMatch(c -> Namespaces.allowed((char) c))) {
            return readable;
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(conversationId.getBytes(StandardCharsets.UTF_8));
            return framework + ".h-" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** The messages of the conversation's window, in order; empty for an unknown conversation. */
    public List<Message> window(String conversationId) {
        String sid = sessionId(conversationId);
        Optional<Session> s = sessions.get(sid);
        if (s.isEmpty()) {
            remember(sid, new Seen(0, -1, null, null)); // what this thread adds next goes after nothing it has seen
            return List.of();
        }
        return current(sid, s.get()).messages();
    }

    /**
     * The window's messages: those this thread read or wrote last, if the session still holds
     * the same events and the same window (one primary-key read decided it), else read again.
     */
    private Read current(String sid, Session s) {
        Window w = Window.of(s);
        Seen cached = lastRead(sid);
        if (cached != null
                && cached.messages() != null
                && cached.eventCount() == s.eventCount()
                && w.equals(cached.window())) {
            return new Read(cached.messages(), cached.lastSeq());
        }
        Read r = read(sid, w, s.eventCount());
        remember(sid, new Seen(r.lastSeq(), s.eventCount(), w, r.messages()));
        return r;
    }

    /**
     * Every message ever stored in the conversation, oldest first, a page at a time (empty for
     * an unknown one). The request is checked first, whether or not the conversation exists.
     */
    public Page<Message> history(String conversationId, PageRequest page) {
        String sid = sessionId(conversationId);
        Page<Event> events;
        try {
            events = sessions.events(sid, page); // checks the limit and cursor before reading
        } catch (AgentStoreException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return new Page<>(List.of(), Optional.empty());
            }
            throw e;
        }
        return new Page<>(events.items().stream().map(Conversations::message).toList(), events.next());
    }

    /** The ids of this framework's conversations. */
    public List<String> ids() {
        List<String> out = new ArrayList<>();
        Optional<PageRequest> request = Optional.of(PageRequest.first(PAGE));
        while (request.isPresent()) {
            Page<Session> page = sessions.byProject(framework, request.get());
            for (Session s : page.items()) {
                JsonNode id = s.metadata().tree().get(ID_KEY);
                if (id != null && id.isTextual()) {
                    out.add(id.asText());
                }
            }
            request = page.next();
        }
        return out;
    }

    /** Deletes the conversation, window and history; false if there was none. */
    public boolean delete(String conversationId) {
        return sessions.delete(sessionId(conversationId));
    }

    /**
     * Makes {@code messages} the conversation's window: the messages already in the window (the
     * same type and JSON, in order) are kept where they are stored, the others are appended, and
     * the window's new form is written with them, in one transaction. Nothing is written when
     * nothing changed. Creates the conversation on first use.
     */
    public void replaceWindow(String conversationId, List<NewMessage> messages) {
        String sid = sessionId(conversationId);
        if (messages == null) {
            throw Failures.invalid("messages of conversation '" + conversationId + "' must not be null");
        }
        for (int i = 0; i < messages.size(); i++) {
            NewMessage m = messages.get(i);
            if (m == null || m.type() == null || m.content() == null) {
                throw Failures.invalid("message " + i + " of conversation '" + conversationId
                        + "' must have a type and content: " + m);
            }
        }
        Session session = sessions.get(sid).orElseGet(() -> create(sid, conversationId));
        Window before = Window.of(session);
        Seen previously = lastRead(sid);
        Read current = current(sid, session);
        List<Message> now = current.messages();
        long seen = previously == null ? current.lastSeq() : previously.lastSeq();

        // 1. Each new-window message that is in the current window keeps its stored seq.
        long[] seqOf = new long[messages.size()];
        boolean[] used = new boolean[now.size()];
        int lastMatched = -1;
        int at = 0;
        for (int i = 0; i < messages.size(); i++) {
            int found = find(now, used, messages.get(i), at);
            if (found < 0) {
                found = find(now, used, messages.get(i), 0);
            }
            seqOf[i] = found < 0 ? -1 : now.get(found).seq();
            if (found >= 0) {
                used[found] = true;
                at = found + 1;
                lastMatched = i;
            }
        }
        long maxKept = 0;
        for (long q : seqOf) {
            maxKept = Math.max(maxKept, q);
        }
        // 2. Messages appended to the current window after this thread read it, by another
        //    writer, that the caller could not have seen: they stay, after the kept ones.
        List<Long> concurrent = new ArrayList<>();
        for (int j = 0; j < now.size(); j++) {
            long q = now.get(j).seq();
            if (!used[j] && q > seen && q > maxKept) {
                concurrent.add(q);
            }
        }
        // 3. A message before the last kept one that is not in the window either was evicted
        //    by another writer meanwhile (it is in the history just before the window: left
        //    out, never stored twice) or is new here (stored, in its place).
        List<Message> evicted = null;
        List<Object> window = new ArrayList<>(); // a seq (Long) or a message to store (NewMessage)
        for (int i = 0; i < messages.size(); i++) {
            if (i == lastMatched + 1) {
                window.addAll(concurrent);
            }
            if (seqOf[i] >= 0) {
                window.add(seqOf[i]);
            } else if (i < lastMatched) {
                if (evicted == null) {
                    evicted = justBefore(sid, now, messages.size());
                }
                if (find(evicted, new boolean[evicted.size()], messages.get(i), 0) < 0) {
                    window.add(messages.get(i));
                }
            } else {
                window.add(messages.get(i));
            }
        }
        if (lastMatched + 1 >= messages.size()) {
            window.addAll(concurrent);
        }

        // 4. Write: the fresh messages and the window's new form, in one transaction when the
        //    window is a run reaching the end of the history with the fresh messages after it.
        List<Long> kept = new ArrayList<>();
        List<NewMessage> fresh = new ArrayList<>();
        boolean freshOnlyAtEnd = true;
        for (Object o : window) {
            if (o instanceof Long q) {
                if (!fresh.isEmpty()) {
                    freshOnlyAtEnd = false;
                }
                kept.add(q);
            } else {
                fresh.add((NewMessage) o);
            }
        }
        Window after = freshOnlyAtEnd ? Window.from(kept, current.lastSeq()) : null;
        long last;
        List<Message> cache = null;
        if (after != null) {
            if (fresh.isEmpty()) {
                if (!after.equals(before)) {
                    sessions.setState(sid, WINDOW, after.json());
                }
                last = current.lastSeq();
                cache = windowMessages(window, now, List.of());
            } else {
                ObjectNode delta = JsonNodeFactory.instance.objectNode();
                delta.set(WINDOW, after.json());
                List<NewEvent> rows = events(fresh);
                NewEvent lastRow = rows.get(rows.size() - 1);
                rows.set(rows.size() - 1, lastRow.withStateDelta(Json.of(delta)));
                List<Event> appended = sessions.appendAll(sid, rows);
                last = appended.get(appended.size() - 1).seq();
                if (appended.get(0).seq() == session.eventCount() + 1) {
                    cache = windowMessages(window, now, appended);
                }
            }
        } else {
            // Messages removed from the window's end, reordered, or new ones placed before kept
            // ones: the window as a list of seqs. The new messages' seqs are known once they are
            // appended, so the list is written after them; until it is, the previous window
            // stands (a crash between leaves the new messages in the history only).
            List<NewMessage> toStore = new ArrayList<>();
            for (Object o : window) {
                if (o instanceof NewMessage m) {
                    toStore.add(m);
                }
            }
            List<Event> appended = toStore.isEmpty() ? List.of() : sessions.appendAll(sid, events(toStore));
            List<Long> list = new ArrayList<>();
            int k = 0;
            for (Object o : window) {
                list.add(o instanceof Long q ? q : appended.get(k++).seq());
            }
            after = Window.list(list);
            if (!after.equals(before)) {
                sessions.setState(sid, WINDOW, after.json());
            }
            last = appended.isEmpty()
                    ? current.lastSeq()
                    : appended.get(appended.size() - 1).seq();
            if (appended.isEmpty() || appended.get(0).seq() == session.eventCount() + 1) {
                cache = windowMessages(window, now, appended);
            }
        }
        // What this thread now holds: the new window, if no other writer came between its
        // read and its write (then the next read of the session shows the same events and window).
        boolean exact = current.lastSeq() == session.eventCount();
        remember(
                sid,
                new Seen(last, Math.max(session.eventCount(), last), after, exact && cache != null ? cache : null));
        if (!keepHistory) {
            prune(sid, after, current.lastSeq());
        }
    }

    /** The messages of a window as written: kept ones as read, new ones as appended. */
    private static List<Message> windowMessages(List<Object> window, List<Message> read, List<Event> appended) {
        Map<Long, Message> bySeq = new java.util.HashMap<>();
        read.forEach(m -> bySeq.put(m.seq(), m));
        List<Message> out = new ArrayList<>(window.size());
        int k = 0;
        for (Object o : window) {
            out.add(o instanceof Long q ? bySeq.get(q) : message(appended.get(k++)));
        }
        return List.copyOf(out);
    }

    /** The first unused message equal to {@code m} (type and JSON) at or after {@code from}, or -1. */
    private static int find(List<Message> in, boolean[] used, NewMessage m, int from) {
        for (int j = from; j < in.size(); j++) {
            Message c = in.get(j);
            if (!used[j] && c.type().equals(m.type()) && c.content().equals(m.content())) {
                return j;
            }
        }
        return -1;
    }

    /** Up to {@code n} (at least 64) messages of the history just before the window's first. */
    private List<Message> justBefore(String sid, List<Message> window, int n) {
        if (window.isEmpty()) {
            return List.of();
        }
        long first = window.stream().mapToLong(Message::seq).min().orElse(1);
        int want = Math.min(PAGE, Math.max(64, n));
        long after = Math.max(0, first - 1 - want);
        return sessions.eventsAfter(sid, after, PageRequest.first(want)).items().stream()
                .filter(e -> e.seq() < first)
                .map(Conversations::message)
                .toList();
    }

    /** The last seq each thread read or wrote, per conversation: what the caller's window can hold. */
    /**
     * What a thread last read or wrote of a conversation: the last seq it saw, and (when known
     * exactly) the session's event count and window then, with the window's messages.
     */
    private record Seen(long lastSeq, long eventCount, Window window, List<Message> messages) {}

    private final ThreadLocal<Map<String, Seen>> lastRead =
            ThreadLocal.withInitial(() -> new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                    return size() > 256;
                }
            });

    private Seen lastRead(String sid) {
        return lastRead.get().get(sid);
    }

    private void remember(String sid, Seen seen) {
        lastRead.get().put(sid, seen);
    }

    private Session create(String sid, String conversationId) {
        try {
            return sessions.create(NewSession.of(framework, framework)
                    .withId(sid)
                    .withProject(framework)
                    .withMetadata(Map.of(ID_KEY, conversationId))
                    .withState(Map.of(WINDOW, Window.from(List.of(), 0).json())));
        } catch (AgentStoreException e) {
            if (e.code() != ErrorCode.CONFLICT) {
                throw e;
            }
            // Created by another instance a moment ago.
            return sessions.get(sid).orElseThrow(() -> e);
        }
    }

    private static List<NewEvent> events(List<NewMessage> messages) {
        List<NewEvent> out = new ArrayList<>(messages.size());
        for (NewMessage m : messages) {
            out.add(new NewEvent(m.type(), m.type().toLowerCase(java.util.Locale.ROOT), m.content(), null));
        }
        return out;
    }

    /**
     * Deletes what the window no longer holds: the gaps between its seqs, below its run (tail
     * form) or below the last seq this write read ({@code readUpTo}, list form: a message another
     * writer appended meanwhile is not this write's to delete).
     */
    private void prune(String sid, Window w, long readUpTo) {
        List<Long> held = new ArrayList<>(w.seqs());
        Collections.sort(held);
        long end = w.list() ? readUpTo + 1 : w.from();
        long previous = 0;
        for (long seq : held) {
            if (seq >= end) {
                break;
            }
            if (seq > previous + 1) {
                sessions.deleteEvents(sid, previous, seq);
            }
            previous = seq;
        }
        if (end > previous + 1) {
            sessions.deleteEvents(sid, previous, end);
        }
    }

    /** What a window read found: its messages and the highest seq seen (the history's end, when read). */
    private record Read(List<Message> messages, long lastSeq) {}

    private Read read(String sid, Window w, long eventCount) {
        List<Message> out = new ArrayList<>();
        long last = eventCount;
        for (List<Long> run : runs(w.seqs())) {
            for (Event e : sessions.eventsAfter(sid, run.get(0) - 1, PageRequest.first(run.size()))
                    .items()) {
                if (e.seq() <= run.get(run.size() - 1) && run.contains(e.seq())) {
                    out.add(message(e));
                }
            }
        }
        if (!w.list()) {
            Optional<PageRequest> request = Optional.of(PageRequest.first(PAGE));
            while (request.isPresent()) {
                Page<Event> page = sessions.eventsAfter(sid, w.from() - 1, request.get());
                for (Event e : page.items()) {
                    out.add(message(e));
                    last = Math.max(last, e.seq());
                }
                request = page.next();
            }
        }
        return new Read(out, last);
    }

    /** Consecutive seqs grouped: each run is one range of the primary key. */
    private static List<List<Long>> runs(List<Long> seqs) {
        List<List<Long>> out = new ArrayList<>();
        List<Long> run = null;
        for (long s : seqs) {
            if (run == null || s != run.get(run.size() - 1) + 1) {
                run = new ArrayList<>();
                out.add(run);
            }
            run.add(s);
        }
        return out;
    }

    private static Message message(Event e) {
        return new Message(e.seq(), e.type(), e.content(), e.createdAt());
    }

    /**
     * A window: {@code seqs} pinned and then every message from {@code from} on; or, when
     * {@code list}, exactly {@code seqs}.
     */
    private record Window(List<Long> seqs, long from, boolean list) {

        static Window of(Session s) {
            JsonNode w = s.state().tree().get(WINDOW);
            if (w == null || !w.isObject()) {
                return new Window(List.of(), 1, false);
            }
            List<Long> seqs = new ArrayList<>();
            boolean list = w.hasNonNull("list");
            JsonNode listed = list ? w.get("list") : w.path("pinned");
            listed.forEach(n -> seqs.add(n.asLong()));
            return list
                    ? new Window(seqs, 0, true)
                    : new Window(seqs, w.path("from").asLong(1), false);
        }

        /**
         * The window of {@code kept} followed by everything after {@code lastSeq}, if the kept
         * seqs are increasing and end in a run reaching {@code lastSeq} (or none is kept); else null.
         */
        static Window from(List<Long> kept, long lastSeq) {
            for (int i = 1; i < kept.size(); i++) {
                if (kept.get(i) <= kept.get(i - 1)) {
                    return null;
                }
            }
            if (kept.isEmpty()) {
                return new Window(List.of(), lastSeq + 1, false);
            }
            if (kept.get(kept.size() - 1) != lastSeq) {
                return null;
            }
            int start = kept.size() - 1;
            while (start > 0 && kept.get(start - 1) == kept.get(start) - 1) {
                start--;
            }
            return new Window(List.copyOf(kept.subList(0, start)), kept.get(start), false);
        }

        static Window list(List<Long> seqs) {
            return new Window(List.copyOf(seqs), 0, true);
        }

        /** The window as stored; the other form's members are null, so that a merge patch of it replaces either form. */
        ObjectNode json() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            ArrayNode a = o.putArray(list ? "list" : "pinned");
            seqs.forEach(a::add);
            if (list) {
                o.putNull("pinned");
                o.putNull("from");
            } else {
                o.put("from", from);
                o.putNull("list");
            }
            return o;
        }
    }
}
