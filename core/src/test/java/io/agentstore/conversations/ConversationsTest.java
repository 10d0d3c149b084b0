package io.agentstore.conversations;

import static io.agentstore.Errors.assertFails;
import static io.agentstore.TestPages.page;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.ErrorCode;
import io.agentstore.Interleaving;
import io.agentstore.Json;
import io.agentstore.PageRequest;
import io.agentstore.StatementListener;
import io.agentstore.StoreTestBase;
import io.agentstore.conversations.Conversations.Message;
import io.agentstore.conversations.Conversations.NewMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConversationsTest extends StoreTestBase {

    private static NewMessage m(String type, String text) {
        return new NewMessage(type, Json.of(Map.of("text", text)));
    }

    private static List<String> texts(List<Message> messages) {
        return messages.stream()
                .map(x -> x.content().tree().get("text").asText())
                .toList();
    }

    private static List<String> history(Conversations c, String id) {
        List<String> out = new ArrayList<>();
        String cursor = null;
        do {
            var page = c.history(id, page(3, cursor));
            out.addAll(texts(page.items()));
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        return out;
    }

    @Test
    void aSlidingWindowAppendsOnlyNewMessagesAndTheHistoryKeepsWhatItEvicts() {
        Conversations c = Conversations.of(store(), "fw");
        List<NewMessage> window = new ArrayList<>();
        window.add(m("SYSTEM", "be brief"));
        for (int i = 0; i < 10; i++) {
            window.add(m(i % 2 == 0 ? "USER" : "AI", "m" + i));
            while (window.size() > 4) {
                window.remove(1); // evict the oldest after the system message, as chat memories do
            }
            c.replaceWindow("chat-1", window);
            assertThat(texts(c.window("chat-1"))).isEqualTo(texts(asStored(window)));
        }
        assertThat(texts(c.window("chat-1"))).containsExactly("be brief", "m7", "m8", "m9");
        assertThat(c.window("chat-1")).extracting(Message::type).containsExactly("SYSTEM", "AI", "USER", "AI");
        assertThat(history(c, "chat-1"))
                .containsExactly("be brief", "m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
        // The store's own view: one session, eleven events, nothing rewritten.
        assertThat(store().sessions().get(c.sessionId("chat-1")).orElseThrow().eventCount())
                .isEqualTo(11);
        assertThat(c.ids()).containsExactly("chat-1");
    }

    private static List<Message> asStored(List<NewMessage> window) {
        return window.stream()
                .map(n -> new Message(0, n.type(), n.content(), null))
                .toList();
    }

    @Test
    void anUnchangedWindowWritesNothingAndAddingOneMessageWritesOneAppend() {
        List<String> writes = Collections.synchronizedList(new ArrayList<>());
        StatementListener listener = e -> {
            if (!e.sql().trim().toLowerCase().startsWith("select")) {
                writes.add(e.shape());
            }
        };
        AgentStore s = openStore(options().withStatementListener(listener));
        Conversations c = Conversations.of(s, "fw");
        List<NewMessage> window = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            window.add(m("USER", "m" + i));
        }
        c.replaceWindow("c", window);
        writes.clear();
        c.replaceWindow("c", window);
        assertThat(writes).isEmpty();
        window.add(m("AI", "reply"));
        c.replaceWindow("c", window);
        // The append with its delta, the state after it kept (reads as of a time), the event.
        assertThat(writes).containsExactly("sessionNextSeqWithDelta", "sessionStateAppended", "eventInsert");
    }

    @Test
    void aWindowThatIsNoLongerARunIsKeptAsAList() {
        Conversations c = Conversations.of(store(), "fw");
        c.replaceWindow("c", List.of(m("USER", "a"), m("SYSTEM", "old"), m("AI", "b")));
        // The system message replaced in the middle, and the order changed.
        c.replaceWindow("c", List.of(m("AI", "b"), m("USER", "a"), m("SYSTEM", "new")));
        assertThat(texts(c.window("c"))).containsExactly("b", "a", "new");
        c.replaceWindow("c", List.of(m("USER", "a"), m("AI", "b")));
        assertThat(texts(c.window("c"))).containsExactly("a", "b");
        c.replaceWindow("c", List.of());
        assertThat(c.window("c")).isEmpty();
        assertThat(history(c, "c")).containsExactly("a", "old", "b", "new");
    }

    @Test
    void withoutHistoryEvictedMessagesAreDeleted() {
        Conversations c = Conversations.of(store(), "fw").withoutHistory();
        List<NewMessage> window = new ArrayList<>();
        window.add(m("SYSTEM", "sys"));
        for (int i = 0; i < 6; i++) {
            window.add(m("USER", "m" + i));
            if (window.size() > 3) {
                window.remove(1);
            }
            c.replaceWindow("c", window);
        }
        assertThat(texts(c.window("c"))).containsExactly("sys", "m4", "m5");
        assertThat(history(c, "c")).containsExactly("sys", "m4", "m5");
        c.replaceWindow("c", List.of(m("USER", "m5")));
        assertThat(history(c, "c")).containsExactly("m5");
        // A reordered window (kept as a list) prunes only what it no longer holds.
        c.replaceWindow("c", List.of(m("USER", "m5"), m("AI", "x"), m("AI", "y")));
        c.replaceWindow("c", List.of(m("AI", "y"), m("USER", "m5")));
        assertThat(texts(c.window("c"))).containsExactly("y", "m5");
        assertThat(history(c, "c")).containsExactly("m5", "y");
    }

    @Test
    void anyIdWorksUnknownOnesAreEmptyAndBadInputIsNamed() {
        Conversations c = Conversations.of(store(), "fw");
        String odd = "user 7 / chat: ünïcode " + "x".repeat(200);
        c.replaceWindow(odd, List.of(m("USER", "hi")));
        assertThat(texts(c.window(odd))).containsExactly("hi");
        assertThat(c.sessionId(odd)).startsWith("fw.h-");
        assertThat(c.ids()).containsExactly(odd);
        assertThat(c.window("never")).isEmpty();
        assertThat(c.history("never", PageRequest.first(10)).items()).isEmpty();
        assertThat(c.delete("never")).isFalse();
        assertThat(c.delete(odd)).isTrue();
        assertThat(c.window(odd)).isEmpty();
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> c.window(null), "conversation id");
        // The empty id is an id like any other (LangChain4j's own store takes it).
        c.replaceWindow("", List.of(m("USER", "empty")));
        assertThat(texts(c.window(""))).containsExactly("empty");
        assertThat(c.sessionId("")).startsWith("fw.h-");
        assertThat(c.ids()).contains("");
        // A page request is checked first, whether or not the conversation exists.
        for (String id : List.of("never", "")) {
            for (int limit : new int[] {-1, 0, 1_001, 1_000_000}) {
                assertFails(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> c.history(id, PageRequest.first(limit)),
                        "limit",
                        Integer.toString(limit));
            }
            assertFails(ErrorCode.INVALID_ARGUMENT, () -> c.history(id, PageRequest.after("junk", 10)), "cursor");
            assertFails(ErrorCode.INVALID_ARGUMENT, () -> c.history(id, null), "page request");
        }
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> c.replaceWindow("c", null), "'c'");
        List<NewMessage> withNull = new ArrayList<>();
        withNull.add(null);
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> c.replaceWindow("c", withNull), "message 0");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> Conversations.of(store(), "bad name"), "'bad name'");
        // Two frameworks in one store never see each other's conversations.
        Conversations other = Conversations.of(store(), "other");
        other.replaceWindow("c", List.of(m("USER", "theirs")));
        c.replaceWindow("c", List.of(m("USER", "ours")));
        assertThat(texts(other.window("c"))).containsExactly("theirs");
        assertThat(texts(c.window("c"))).containsExactly("ours");
    }

    @Test
    void eightWritersOnTwoStoresLoseNoMessage() throws Exception {
        Conversations a = Conversations.of(store(), "fw");
        Conversations b = Conversations.of(openStore(options()), "fw");
        int threads = 8;
        int each = 15;
        Interleaving.concurrently(threads, thread -> {
            Conversations c = thread % 2 == 0 ? a : b;
            for (int i = 0; i < each; i++) {
                // What a chat memory does: read the window, add a message, write the window.
                List<NewMessage> window = new ArrayList<>();
                for (Message x : c.window("shared")) {
                    window.add(new NewMessage(x.type(), x.content()));
                }
                window.add(m("USER", "t" + thread + "-" + i));
                c.replaceWindow("shared", window);
            }
        });
        List<String> all = history(a, "shared");
        assertThat(all).isEqualTo(history(b, "shared"));
        Interleaving.eachWriterInOrder(all, threads, each);
        // No window evicted anything, so every message is in it, in the history's order.
        assertThat(texts(a.window("shared")))
                .as("window, stored as %s", store().sessions().state(a.sessionId("shared")))
                .isEqualTo(all);
    }

    @Test
    void aStaleWriterNeitherDropsAnotherWritersMessageNorStoresAnEvictedOneTwice() {
        // Two instances of a framework's memory, each holding the window it read.
        Conversations a = Conversations.of(store(), "fw");
        Conversations b = Conversations.of(store(), "fw");
        a.replaceWindow("c", List.of(m("USER", "1"), m("AI", "2"), m("USER", "3")));
        List<Message> readByA = a.window("c");
        List<Message> readByB = b.window("c");
        // A adds a message and evicts the oldest; then B, which has not seen that, adds its own.
        List<NewMessage> fromA = new ArrayList<>();
        readByA.subList(1, 3).forEach(x -> fromA.add(new NewMessage(x.type(), x.content())));
        fromA.add(m("AI", "a"));
        a.replaceWindow("c", fromA);
        List<NewMessage> fromB = new ArrayList<>();
        readByB.forEach(x -> fromB.add(new NewMessage(x.type(), x.content())));
        fromB.add(m("AI", "b"));
        b.replaceWindow("c", fromB);
        assertThat(texts(a.window("c"))).containsExactly("2", "3", "a", "b");
        assertThat(history(a, "c")).containsExactly("1", "2", "3", "a", "b");
    }
}
