package io.agentstore.springboot;

import io.agentstore.AgentStore;
import io.agentstore.StoreOptions;
import io.agentstore.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One {@link AgentStore} bean (closed with the context) from {@code agentstore.*}, unless the
 * application defines its own. When the application has a Micrometer {@code MeterRegistry}, the
 * store's meters ({@code agentstore.*}) are bound to it ({@code agentstore.metrics.enabled=false}
 * leaves them out; Spring Boot's {@code management.metrics.enable.agentstore=false} filters them
 * as any meter). {@link AgentStoreOptionsCustomizer} beans adjust the options it opens with.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnClass(AgentStore.class)
@EnableConfigurationProperties(AgentStoreProperties.class)
public class AgentStoreAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public AgentStore agentStore(
            AgentStoreProperties properties, ObjectProvider<AgentStoreOptionsCustomizer> customizers) {
        StoreOptions options = StoreOptions.defaults()
                .withBusyTimeout(properties.getBusyTimeout())
                .withPoolSize(properties.getPoolSize())
                .withReadOnly(properties.isReadOnly())
                .withMemoryMap(properties.getMemoryMap().toBytes());
        for (AgentStoreOptionsCustomizer c : customizers.orderedStream().toList()) {
            options = c.customize(options);
        }
        String url = properties.getJdbcUrl();
        if (url != null && !url.isBlank()) {
            return AgentStore.open(url, properties.getUsername(), properties.getPassword(), options);
        }
        return AgentStore.open(properties.getPath(), options);
    }

    /** The store's meters on the application's registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    @ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
    @ConditionalOnBooleanProperty(name = "agentstore.metrics.enabled", matchIfMissing = true)
    static class Metrics {

        @Bean
        AgentStoreOptionsCustomizer agentStoreMetrics(MeterRegistry registry) {
            return options -> options.withMetrics(MicrometerMetrics.of(registry));
        }
    }
}
