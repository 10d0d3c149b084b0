package io.agentstore.springboot;

import ai.koog.agents.snapshot.providers.PersistenceStorageProvider;
import com.google.adk.memory.BaseMemoryService;
import com.google.adk.sessions.BaseSessionService;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import io.agentstore.AgentStore;
import io.agentstore.adk.AgentStoreMemoryService;
import io.agentstore.adk.AgentStoreSessionService;
import io.agentstore.koog.AgentStorePersistenceStorageProvider;
import io.agentstore.langchain4j.AgentStoreChatMemoryStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The agent frameworks' stores on the one {@link AgentStore} bean, for each framework whose
 * classes (and agentstore's adapter for it) are on the class path, unless the application
 * defines its own or turns them off ({@code agentstore.<framework>.enabled=false}): ADK's
 * session and memory services, LangChain4j's chat memory store, Koog's persistence provider.
 */
@AutoConfiguration(after = AgentStoreAutoConfiguration.class)
@ConditionalOnBean(AgentStore.class)
public class AgentStoreFrameworksAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {"com.google.adk.sessions.BaseSessionService", "io.agentstore.adk.AgentStoreSessionService"})
    @ConditionalOnBooleanProperty(name = "agentstore.adk.enabled", matchIfMissing = true)
    static class Adk {

        @Bean
        @ConditionalOnMissingBean(BaseSessionService.class)
        AgentStoreSessionService agentStoreSessionService(AgentStore store) {
            return new AgentStoreSessionService(store);
        }

        @Bean
        @ConditionalOnMissingBean(BaseMemoryService.class)
        AgentStoreMemoryService agentStoreMemoryService(AgentStore store) {
            return new AgentStoreMemoryService(store);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {
                "dev.langchain4j.store.memory.chat.ChatMemoryStore",
                "io.agentstore.langchain4j.AgentStoreChatMemoryStore"
            })
    @ConditionalOnBooleanProperty(name = "agentstore.langchain4j.enabled", matchIfMissing = true)
    static class LangChain4j {

        @Bean
        @ConditionalOnMissingBean(ChatMemoryStore.class)
        AgentStoreChatMemoryStore agentStoreChatMemoryStore(AgentStore store) {
            return new AgentStoreChatMemoryStore(store);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {
                "ai.koog.agents.snapshot.providers.PersistenceStorageProvider",
                "io.agentstore.koog.AgentStorePersistenceStorageProvider"
            })
    @ConditionalOnBooleanProperty(name = "agentstore.koog.enabled", matchIfMissing = true)
    static class Koog {

        @Bean
        @ConditionalOnMissingBean(PersistenceStorageProvider.class)
        AgentStorePersistenceStorageProvider agentStorePersistenceStorageProvider(AgentStore store) {
            return new AgentStorePersistenceStorageProvider(store);
        }
    }
}
