package io.agentstore.springai;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.AgentStore;
import io.agentstore.PageRequest;
import io.agentstore.SqliteTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.UserMessage;

/** The README's Spring AI example without Spring Boot, compiled and run. */
class SpringAiReadmeExampleTest extends SqliteTestBase {

    @Test
    void theReadmeExampleRuns() {
        try (AgentStore store = AgentStore.open(dbFile())) {
            // --- README: Spring AI ---
            AgentStoreChatMemoryRepository repository = new AgentStoreChatMemoryRepository(store);
            ChatMemory memory = MessageWindowChatMemory.builder()
                    .chatMemoryRepository(repository)
                    .maxMessages(20)
                    .build();
            memory.add("alice", new UserMessage("Hello!"));
            // (ChatClient.builder(model).defaultAdvisors(MessageChatMemoryAdvisor.builder(memory).build()) …)
            var history = repository.history("alice", PageRequest.first(100)).items();
            // --- end ---
            assertThat(history).containsExactly(new UserMessage("Hello!"));
        }
    }
}
