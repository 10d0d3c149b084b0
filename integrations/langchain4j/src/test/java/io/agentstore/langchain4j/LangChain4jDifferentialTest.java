package io.agentstore.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
import io.agentstore.AgentStore;
import io.agentstore.PageRequest;
import io.agentstore.StoreTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One conversation (every message type, tool calls and results, a system message replaced, a
 * window that evicts) through LangChain4j's own MessageWindowChatMemory, over its in-memory
 * store and over agentstore's: the memories must hold the same messages at every step, and
 * agentstore's must still hold them after the store is reopened.
 */
class LangChain4jDifferentialTest extends StoreTestBase {

    static List<ChatMessage> script() {
        ToolExecutionRequest call = ToolExecutionRequest.builder()
                .id("call-1")
                .name("get_weather")
                .arguments("{\"city\":\"Paris\"}")
                .build();
        return List.of(
                SystemMessage.from("You are a weather bot."),
                UserMessage.from("alice", "What is the weather in Paris?"),
                AiMessage.from("Let me check.", List.of(call)),
                ToolExecutionResultMessage.from(call, "{\"celsius\":21}"),
                AiMessage.from("It is 21 degrees in Paris."),
                CustomMessage.from(Map.of("kind", "note", "score", 3)),
                SystemMessage.from("You are a terse weather bot."),
                UserMessage.from("And tomorrow?"),
                AiMessage.from("Rain."),
                UserMessage.from("Thanks"),
                AiMessage.from("You're welcome."));
    }

    /** What the memory holds after each message of the script. */
    static List<List<ChatMessage>> run(ChatMemoryStore store, Object id) {
        ChatMemory memory = MessageWindowChatMemory.builder()
                .id(id)
                .maxMessages(4)
                .chatMemoryStore(store)
                .build();
        List<List<ChatMessage>> seen = new ArrayList<>();
        for (ChatMessage m : script()) {
            memory.add(m);
            seen.add(memory.messages());
        }
        return seen;
    }

    @Test
    void theMemoryHoldsWhatLangChain4jsOwnStoreHoldsAndTheHistoryEverything() {
        InMemoryChatMemoryStore theirs = new InMemoryChatMemoryStore();
        AgentStoreChatMemoryStore ours = new AgentStoreChatMemoryStore(store());
        List<List<ChatMessage>> expected = run(theirs, 42);
        assertThat(run(ours, 42)).isEqualTo(expected);
        assertThat(ours.getMessages(42)).isEqualTo(theirs.getMessages(42)).hasSize(4);
        // The script means what it says: the window evicted, and kept the newest system message.
        assertThat(expected.get(expected.size() - 1).get(0))
                .isEqualTo(SystemMessage.from("You are a terse weather bot."));

        store().close();
        try (AgentStore reopened = openStore(options())) {
            AgentStoreChatMemoryStore again = new AgentStoreChatMemoryStore(reopened);
            assertThat(again.getMessages(42)).isEqualTo(theirs.getMessages(42));
            // Every message ever added is in the history, tool calls and results included.
            List<ChatMessage> history =
                    again.history(42, PageRequest.first(100)).items();
            assertThat(history).containsExactlyElementsOf(script());
            again.deleteMessages(42);
            theirs.deleteMessages(42);
            assertThat(again.getMessages(42)).isEqualTo(theirs.getMessages(42)).isEmpty();
            assertThat(again.history(42, PageRequest.first(100)).items()).isEmpty();
        }
    }

    @Test
    void withoutHistoryTheEvictedMessagesAreGone() {
        AgentStoreChatMemoryStore ours = new AgentStoreChatMemoryStore(store()).withoutHistory();
        List<List<ChatMessage>> seen = run(ours, "m");
        assertThat(ours.history("m", PageRequest.first(100)).items()).isEqualTo(seen.get(seen.size() - 1));
    }
}
