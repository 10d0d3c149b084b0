package io.agentstore.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import io.agentstore.AgentStore;
import io.agentstore.PageRequest;
import io.agentstore.SqliteTestBase;
import org.junit.jupiter.api.Test;

/** The README's LangChain4j example, compiled and run. */
class LangChain4jReadmeExampleTest extends SqliteTestBase {

    @Test
    void theReadmeExampleRuns() {
        try (AgentStore store = AgentStore.open(dbFile())) {
            // --- README: LangChain4j ---
            AgentStoreChatMemoryStore memoryStore = new AgentStoreChatMemoryStore(store);
            ChatMemory memory = MessageWindowChatMemory.builder()
                    .id("alice")
                    .maxMessages(20)
                    .chatMemoryStore(memoryStore)
                    .build();
            memory.add(UserMessage.from("Hello!"));
            // (AiServices.builder(Assistant.class).chatMemory(memory) … uses it like any other)
            // Everything the window ever held, evicted messages included:
            var history = memoryStore.history("alice", PageRequest.first(100)).items();
            // --- end ---
            assertThat(history).containsExactly(UserMessage.from("Hello!"));
        }
    }
}
