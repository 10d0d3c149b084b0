package io.agentstore.springboot;

import io.agentstore.AgentStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code agentstore} health indicator, when Spring Boot's health support is there; off with
 * {@code management.health.agentstore.enabled=false}, as every indicator.
 */
@AutoConfiguration(after = AgentStoreAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(AgentStore.class)
@ConditionalOnEnabledHealthIndicator("agentstore")
public class AgentStoreHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "agentstoreHealthIndicator")
    public AgentStoreHealthIndicator agentstoreHealthIndicator(AgentStore store, AgentStoreProperties properties) {
        return new AgentStoreHealthIndicator(store, properties.getHealth().getTimeout());
    }
}
