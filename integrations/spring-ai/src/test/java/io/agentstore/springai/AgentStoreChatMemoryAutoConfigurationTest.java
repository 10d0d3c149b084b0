package io.agentstore.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentstore.AgentStore;
import io.agentstore.AgentStoreException;
import io.agentstore.PageRequest;
import io.agentstore.StoreTestBase;
import io.agentstore.TestPostgres;
import io.agentstore.springboot.AgentStoreAutoConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.model.chat.memory.autoconfigure.ChatMemoryAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration with Spring AI's own chat memory auto-configuration, as an application has them. */
class AgentStoreChatMemoryAutoConfigurationTest extends StoreTestBase {

    private ApplicationContextRunner runner() {
        ApplicationContextRunner r = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ChatMemoryAutoConfiguration.class,
                        AgentStoreAutoConfiguration.class,
                        AgentStoreChatMemoryAutoConfiguration.class));
        return onPostgres()
                ? r.withPropertyValues(
                        "agentstore.jdbc-url=" + TestPostgres.url(schema()),
                        "agentstore.username=postgres",
                        "agentstore.password=postgres",
                        "agentstore.pool-size=4")
                : r.withPropertyValues("agentstore.path=" + dbFile());
    }

    @Test
    void springAisChatMemoryKeepsItsMessagesInTheStoreAndTheStoreClosesWithTheContext() {
        AgentStore[] seen = new AgentStore[1];
        runner().run(context -> {
            assertThat(context).hasSingleBean(AgentStore.class);
            assertThat(context.getBean(ChatMemoryRepository.class)).isInstanceOf(AgentStoreChatMemoryRepository.class);
            ChatMemory memory = context.getBean(ChatMemory.class);
            memory.add("c", new UserMessage("remember me"));
            seen[0] = context.getBean(AgentStore.class);
        });
        assertThatThrownBy(() -> seen[0].sessions().get("x")).isInstanceOf(AgentStoreException.class);
        // A new context on the same database reads what the first one wrote.
        runner().run(context ->
                assertThat(context.getBean(ChatMemory.class).get("c")).containsExactly(new UserMessage("remember me")));
    }

    @Test
    void propertiesTurnTheHistoryOrTheRepositoryOff() {
        runner().withPropertyValues("agentstore.chat-memory.keep-history=false").run(context -> {
            AgentStoreChatMemoryRepository repo = context.getBean(AgentStoreChatMemoryRepository.class);
            repo.saveAll("c", List.of(new UserMessage("a"), new UserMessage("b")));
            repo.saveAll("c", List.of(new UserMessage("b")));
            assertThat(repo.history("c", PageRequest.first(10)).items()).containsExactly(new UserMessage("b"));
        });
        runner().withPropertyValues("agentstore.chat-memory.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(AgentStore.class);
            assertThat(context.getBean(ChatMemoryRepository.class)).isInstanceOf(InMemoryChatMemoryRepository.class);
        });
    }
}
