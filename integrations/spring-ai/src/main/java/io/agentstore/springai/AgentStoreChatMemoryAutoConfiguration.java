package io.agentstore.springai;

import io.agentstore.AgentStore;
import io.agentstore.springboot.AgentStoreAutoConfiguration;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A {@link ChatMemoryRepository} on the application's {@link AgentStore} bean (the one
 * {@code agentstore-spring-boot} configures from {@code agentstore.*}, or the application's own),
 * which Spring AI's own chat memory auto-configuration then uses for its {@code
 * MessageWindowChatMemory}: this runs before it, and before Spring AI's JDBC repository, whose
 * beans are conditional on there being none.
 */
@AutoConfiguration(
        after = AgentStoreAutoConfiguration.class,
        beforeName = {
            "org.springframework.ai.model.chat.memory.autoconfigure.ChatMemoryAutoConfiguration",
            "org.springframework.ai.model.chat.memory.repository.jdbc.autoconfigure.JdbcChatMemoryRepositoryAutoConfiguration"
        })
@ConditionalOnClass(ChatMemoryRepository.class)
@ConditionalOnBean(AgentStore.class)
@ConditionalOnBooleanProperty(name = "agentstore.chat-memory.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AgentStoreChatMemoryProperties.class)
public class AgentStoreChatMemoryAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ChatMemoryRepository.class)
    public AgentStoreChatMemoryRepository agentStoreChatMemoryRepository(
            AgentStore store, AgentStoreChatMemoryProperties properties) {
        AgentStoreChatMemoryRepository repository = new AgentStoreChatMemoryRepository(store);
        return properties.isKeepHistory() ? repository : repository.withoutHistory();
    }
}
