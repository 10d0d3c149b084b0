package io.agentstore.springboot;

import io.agentstore.StoreOptions;

/**
 * Adjusts the options the auto-configured {@link io.agentstore.AgentStore} is opened with
 * (e.g. {@code withEmbedder}, {@code withStatistics}); every such bean is applied, in order.
 */
@FunctionalInterface
public interface AgentStoreOptionsCustomizer {

    StoreOptions customize(StoreOptions options);
}
