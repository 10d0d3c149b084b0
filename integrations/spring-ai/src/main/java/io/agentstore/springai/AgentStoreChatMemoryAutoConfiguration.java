package io.agentstore.springai;

import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * An {@link AgentStore} bean (closed with the context) from {@code agentstore.*}, and a
 * {@link ChatMemoryRepository} on it, which Spring AI's own chat memory auto-configuration
 * then uses for its {@code MessageWindowChatMemory} (this runs before it, and before Spring
 * AI's JDBC repository, whose beans are conditional on there being none).
 */
@AutoConfiguration(
        beforeName = {
            "org.springframework.ai.model.chat.memory.autoconfigure.ChatMemoryAutoConfiguration",
            "org.springframework.ai.model.chat.memory.repository.jdbc.autoconfigure.JdbcChatMemoryRepositoryAutoConfiguration"
        })
@ConditionalOnClass(AgentStore.class)
@EnableConfigurationProperties(AgentStoreProperties.class)
public class AgentStoreAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public AgentStore agentStore(AgentStoreProperties properties) {
        StoreOptions options = StoreOptions.defaults()
                .withBusyTimeout(properties.getBusyTimeout())
                .withPoolSize(properties.getPoolSize());
        if (properties.getJdbcUrl() != null && !properties.getJdbcUrl().isBlank()) {
            return AgentStore.open(
                    properties.getJdbcUrl(), properties.getUsername(), properties.getPassword(), options);
        }
        return AgentStore.open(properties.getPath(), options);
    }

    @Bean
    @ConditionalOnClass(ChatMemoryRepository.class)
    @ConditionalOnMissingBean(ChatMemoryRepository.class)
    @ConditionalOnProperty(prefix = "agentstore.chat-memory", name = "enabled", matchIfMissing = true)
    public AgentStoreChatMemoryRepository agentStoreChatMemoryRepository(
            AgentStore store, AgentStoreProperties properties) {
        AgentStoreChatMemoryRepository repository = new AgentStoreChatMemoryRepository(store);
        return properties.getChatMemory().isKeepHistory() ? repository : repository.withoutHistory();
    }
}
