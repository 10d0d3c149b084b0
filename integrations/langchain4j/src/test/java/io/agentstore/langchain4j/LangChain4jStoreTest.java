package io.agentstore.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
import io.agentstore.AgentStore;
import io.agentstore.ErrorCode;
import io.agentstore.Errors;
import io.agentstore.Interleaving;
import io.agentstore.Json;
import io.agentstore.PageRequest;
import io.agentstore.StoreTestBase;
import io.agentstore.conversations.Conversations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LangChain4jStoreTest extends StoreTestBase {

    private static List<String> texts(List<ChatMessage> messages) {
        return messages.stream().map(m -> ((UserMessage) m).singleText()).toList();
    }

    @Test
    void eightThreadsOnTwoStoresLoseNoMessageAndAgreeOnTheOrder() throws Exception {
        AgentStore second = openStore(options());
        AgentStoreChatMemoryStore a = new AgentStoreChatMemoryStore(store());
        AgentStoreChatMemoryStore b = new AgentStoreChatMemoryStore(second);
        int threads = 8;
        int each = 15;
        Interleaving.concurrently(threads, thread -> {
            ChatMemory memory = MessageWindowChatMemory.builder()
                    .id("shared")
                    .maxMessages(1_000)
                    .chatMemoryStore(thread % 2 == 0 ? a : b)
                    .build();
            for (int i = 0; i < each; i++) {
                memory.add(UserMessage.from("t" + thread + "-" + i));
            }
        });
        List<String> history =
                texts(a.history("shared", PageRequest.first(1_000)).items());
        assertThat(texts(b.history("shared", PageRequest.first(1_000)).items())).isEqualTo(history);
        Interleaving.eachWriterInOrder(history, threads, each);
        // No window was full: every message is in it, in the one order, from either store.
        assertThat(texts(a.getMessages("shared"))).isEqualTo(history);
        assertThat(texts(b.getMessages("shared"))).isEqualTo(history);
    }

    @Test
    void unknownIdsAreEmptyAndNullsAreRefusedNamingThem() {
        AgentStoreChatMemoryStore s = new AgentStoreChatMemoryStore(store());
        assertThat(s.getMessages("never")).isEmpty();
        s.deleteMessages("never");
        assertThatThrownBy(() -> s.getMessages(null)).hasMessageContaining("memoryId");
        assertThatThrownBy(() -> s.updateMessages("m", null)).hasMessageContaining("'m'");
        List<ChatMessage> withNull = new ArrayList<>();
        withNull.add(UserMessage.from("ok"));
        withNull.add(null);
        assertThatThrownBy(() -> s.updateMessages("m", withNull)).hasMessageContaining("message 1 of memory 'm'");
        assertThat(s.getMessages("m")).isEmpty();
        // Any memory id: its toString(), whatever characters it holds.
        Object id = new StringBuilder("user 7: chat/✓");
        s.updateMessages(id, List.of(UserMessage.from("hi")));
        assertThat(s.getMessages("user 7: chat/✓")).containsExactly(UserMessage.from("hi"));
        // The empty id too, as LangChain4j's own in-memory store takes it.
        InMemoryChatMemoryStore theirs = new InMemoryChatMemoryStore();
        for (ChatMemoryStore each : List.of(s, theirs)) {
            each.updateMessages("", List.of(UserMessage.from("empty")));
        }
        assertThat(s.getMessages("")).isEqualTo(theirs.getMessages("")).containsExactly(UserMessage.from("empty"));
        assertThat(s.getMessages("user 7: chat/✓")).containsExactly(UserMessage.from("hi"));
        // The page request is checked first, for an unknown memory as for a known one.
        for (String known : List.of("never", "")) {
            for (int limit : new int[] {-1, 0, 1_000_000}) {
                Errors.assertFails(
                        ErrorCode.INVALID_ARGUMENT,
                        () -> s.history(known, PageRequest.first(limit)),
                        "limit",
                        Integer.toString(limit));
            }
        }
        s.deleteMessages("");
        assertThat(s.getMessages("")).isEmpty();
    }

    @Test
    void aMessageTypeALaterLangChain4jAddsIsKeptAndNamedWhenItCannotBeRead() {
        AgentStoreChatMemoryStore s = new AgentStoreChatMemoryStore(store());
        s.updateMessages("m", List.of(UserMessage.from("hi")));
        // As a later LangChain4j would store it: a type this one does not know.
        Conversations raw = Conversations.of(store(), "langchain4j");
        List<Conversations.NewMessage> window = new ArrayList<>();
        raw.window("m").forEach(x -> window.add(new Conversations.NewMessage(x.type(), x.content())));
        window.add(
                new Conversations.NewMessage("REASONING", Json.of(Map.of("type", "REASONING", "text", "thinking…"))));
        raw.replaceWindow("m", window);
        assertThatThrownBy(() -> s.getMessages("m"))
                .hasMessageContaining("message 2 of memory 'm' (type 'REASONING') cannot be read back");
        assertThat(raw.history("m", PageRequest.first(10)).items())
                .extracting(x -> x.content().tree().path("text").asText())
                .containsExactly("", "thinking…");
    }
}
