package io.agentstore.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koog.agents.snapshot.providers.PersistenceStorageProvider;
import com.google.adk.sessions.BaseSessionService;
import com.google.adk.sessions.InMemorySessionService;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import io.agentstore.AgentStore;
import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.StoreTestBase;
import io.agentstore.TestPostgres;
import io.agentstore.adk.AgentStoreMemoryService;
import io.agentstore.adk.AgentStoreSessionService;
import io.agentstore.koog.AgentStorePersistenceStorageProvider;
import io.agentstore.langchain4j.AgentStoreChatMemoryStore;
import io.agentstore.sessions.NewSession;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration as an application has it, on both engines. */
class AgentStoreAutoConfigurationTest extends StoreTestBase {

    private ApplicationContextRunner runner() {
        ApplicationContextRunner r = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        AgentStoreAutoConfiguration.class,
                        AgentStoreHealthAutoConfiguration.class,
                        AgentStoreFrameworksAutoConfiguration.class));
        return onPostgres()
                ? r.withPropertyValues(
                        "agentstore.jdbc-url=" + TestPostgres.url(schema()),
                        "agentstore.username=postgres",
                        "agentstore.password=postgres",
                        "agentstore.pool-size=4")
                : r.withPropertyValues("agentstore.path=" + dbFile());
    }

    private ApplicationContextRunner withMicrometer() {
        return runner().withConfiguration(AutoConfigurations.of(
                MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class));
    }

    @Test
    void oneStoreWithItsHealthClosedWithTheContext() {
        AgentStore[] seen = new AgentStore[1];
        runner().run(context -> {
            assertThat(context).hasSingleBean(AgentStore.class);
            AgentStore store = context.getBean(AgentStore.class);
            seen[0] = store;
            store.sessions().create(NewSession.of("app", "u").withId("s1"));
            Health health = context.getBean("agentstoreHealthIndicator", HealthIndicator.class)
                    .health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            Map<String, Object> d = health.getDetails();
            assertThat(d)
                    .containsEntry("engine", onPostgres() ? "postgresql" : "sqlite")
                    .containsKeys("schemaVersion", "probeMillis", "databaseBytes", "connections");
            @SuppressWarnings("unchecked")
            Map<String, Object> connections = (Map<String, Object>) d.get("connections");
            if (onPostgres()) {
                assertThat(connections).containsEntry("maximum", 4);
                assertThat(d).doesNotContainKeys("logBytes", "freePages");
            } else {
                assertThat(d).containsEntry("logLimitBytes", 32L << 20).containsKeys("logBytes", "freePages", "pages");
            }
        });
        Errors.assertClosed(seen[0]);
        // A new context on the same database reads what the first one wrote.
        runner().run(context -> assertThat(
                        context.getBean(AgentStore.class).sessions().get("s1"))
                .isPresent());
    }

    @Test
    void healthIsDownWithTheReasonAndNeverWaitsPastItsTimeout() throws Exception {
        // Every connection held by a call: the probe cannot have one until they are released.
        int connections = onPostgres() ? 2 : 1;
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(connections);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AgentStore store = openStore(options()
                .withReadConnections(1)
                .withPoolSize(2)
                .withBusyTimeout(java.time.Duration.ofSeconds(3))
                .withStatementListener(e -> {
                    if (e.shape().equals("sessionById") && release.getCount() == 1) {
                        holding.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException x) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }));
        store.sessions().create(NewSession.of("app", "u").withId("s1"));
        runner().withPropertyValues("agentstore.health.timeout=300ms")
                .withBean(AgentStore.class, () -> store)
                .run(context -> {
                    assertThat(context.getBean(AgentStore.class)).isSameAs(store);
                    HealthIndicator indicator = context.getBean("agentstoreHealthIndicator", HealthIndicator.class);
                    List<Thread> readers = new java.util.ArrayList<>();
                    for (int i = 0; i < connections; i++) {
                        Thread reader = new Thread(() -> store.sessions().get("s1"));
                        reader.start();
                        readers.add(reader);
                    }
                    holding.await();
                    long start = System.nanoTime();
                    Health late = indicator.health();
                    long tookMs = (System.nanoTime() - start) / 1_000_000;
                    assertThat(late.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(late.getDetails().get("error").toString()).contains("did not answer within");
                    assertThat(tookMs).as("a check returns at its timeout").isLessThan(2_500);
                    // The probe is still out: the next check does not send another.
                    assertThat(indicator.health().getDetails().get("error").toString())
                            .contains("previous probe");
                    release.countDown();
                    for (Thread reader : readers) {
                        reader.join();
                    }
                    awaitUp(indicator);
                });
        store.close();
        runner().withBean(AgentStore.class, () -> store).run(context -> {
            Health closed = context.getBean("agentstoreHealthIndicator", HealthIndicator.class)
                    .health();
            assertThat(closed.getStatus()).isEqualTo(Status.DOWN);
            assertThat(closed.getDetails()).containsEntry("code", "CLOSED");
        });
    }

    private static void awaitUp(HealthIndicator indicator) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (indicator.health().getStatus().equals(Status.UP)) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void theHealthIndicatorIsOffAsEveryIndicatorIs() {
        runner().withPropertyValues("management.health.agentstore.enabled=false")
                .run(context -> {
                    assertThat(context).hasSingleBean(AgentStore.class);
                    assertThat(context).doesNotHaveBean("agentstoreHealthIndicator");
                });
        runner().withPropertyValues("management.health.defaults.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("agentstoreHealthIndicator"));
    }

    @Test
    void theStoresMetersGoToTheApplicationsRegistryUnlessTurnedOff() {
        withMicrometer().run(context -> {
            context.getBean(AgentStore.class).sessions().get("nope");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.find("agentstore.operation.duration").timers()).isNotEmpty();
            assertThat(registry.find("agentstore.readers.in.use").gauge()).isNotNull();
        });
        for (String off : List.of("agentstore.metrics.enabled=false", "management.metrics.enable.agentstore=false")) {
            withMicrometer().withPropertyValues(off).run(context -> {
                context.getBean(AgentStore.class).sessions().get("nope");
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(registry.getMeters())
                        .as(off)
                        .noneMatch(m -> m.getId().getName().startsWith("agentstore."));
                assertThat(registry.getMeters())
                        .as("the registry itself is there")
                        .isNotNull();
            });
        }
        // No registry, no metrics, and nothing fails.
        runner().run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MeterRegistry.class));
    }

    @Test
    void theFrameworksStoresAreOnTheOneStore() {
        runner().run(context -> {
            AgentStore store = context.getBean(AgentStore.class);
            assertThat(context)
                    .hasSingleBean(AgentStoreSessionService.class)
                    .hasSingleBean(AgentStoreMemoryService.class)
                    .hasSingleBean(AgentStoreChatMemoryStore.class)
                    .hasSingleBean(AgentStorePersistenceStorageProvider.class);
            BaseSessionService adk = context.getBean(BaseSessionService.class);
            adk.createSession("app", "u", (Map<String, Object>) null, "s").blockingGet();
            String stored = ((AgentStoreSessionService) adk)
                    .storedSessionId("app", "u", "s")
                    .orElseThrow();
            assertThat(store.sessions().get(stored)).isPresent();
            ChatMemoryStore lc4j = context.getBean(ChatMemoryStore.class);
            lc4j.updateMessages("m", List.of(UserMessage.from("hi")));
            assertThat(new AgentStoreChatMemoryStore(store).getMessages("m")).containsExactly(UserMessage.from("hi"));
            assertThat(context.getBean(PersistenceStorageProvider.class))
                    .isInstanceOf(AgentStorePersistenceStorageProvider.class);
        });
    }

    @Test
    void aFrameworkIsLeftOutWhenAbsentTurnedOffOrTheApplicationHasItsOwn() {
        runner().withClassLoader(new FilteredClassLoader("com.google.adk."))
                .run(context -> assertThat(context)
                        .doesNotHaveBean(AgentStoreSessionService.class)
                        .hasSingleBean(AgentStoreChatMemoryStore.class));
        runner().withPropertyValues(
                        "agentstore.adk.enabled=false",
                        "agentstore.langchain4j.enabled=false",
                        "agentstore.koog.enabled=false")
                .run(context -> assertThat(context)
                        .hasSingleBean(AgentStore.class)
                        .doesNotHaveBean(AgentStoreSessionService.class)
                        .doesNotHaveBean(AgentStoreMemoryService.class)
                        .doesNotHaveBean(AgentStoreChatMemoryStore.class)
                        .doesNotHaveBean(AgentStorePersistenceStorageProvider.class));
        runner().withBean(InMemorySessionService.class, InMemorySessionService::new)
                .run(context -> {
                    assertThat(context.getBean(BaseSessionService.class)).isInstanceOf(InMemorySessionService.class);
                    assertThat(context).hasSingleBean(AgentStoreMemoryService.class);
                });
    }

    @Test
    void aBadLocationFailsTheContextNamingIt() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AgentStoreAutoConfiguration.class))
                .withPropertyValues(
                        "agentstore.jdbc-url=jdbc:postgresql://localhost:1/none", "agentstore.busy-timeout=1s")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasStackTraceContaining("AgentStoreException[STORAGE]")
                        .hasStackTraceContaining(
                                "cannot connect to the database at 'jdbc:postgresql://localhost:1/none'"));
    }

    @Test
    void theMemoryMapIsTheLibrarysDefaultUnlessSetAndABadOneFailsTheContextNamingIt() {
        long[] seen = new long[1];
        AgentStoreOptionsCustomizer capture = o -> {
            seen[0] = o.memoryMap();
            return o;
        };
        runner().withBean(AgentStoreOptionsCustomizer.class, () -> capture)
                .run(context -> assertThat(context).hasSingleBean(AgentStore.class));
        assertThat(seen[0]).isEqualTo(io.agentstore.StoreOptions.defaults().memoryMap());
        runner().withPropertyValues("agentstore.memory-map=64MB")
                .withBean(AgentStoreOptionsCustomizer.class, () -> capture)
                .run(context -> assertThat(context).hasSingleBean(AgentStore.class));
        assertThat(seen[0]).isEqualTo(64L << 20);
        runner().withPropertyValues("agentstore.memory-map=0")
                .withBean(AgentStoreOptionsCustomizer.class, () -> capture)
                .run(context -> context.getBean(AgentStore.class)
                        .sessions()
                        .create(NewSession.of("app", "u").withId("unmapped")));
        assertThat(seen[0]).isZero();
        runner().withPropertyValues("agentstore.memory-map=-1MB")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasStackTraceContaining("AgentStoreException[INVALID_ARGUMENT]")
                        .hasStackTraceContaining("memoryMap must not be negative (0 turns it off): -1048576"));
    }

    @Test
    void optionsCustomizersAndReadOnlyApply() {
        runner().run(context -> context.getBean(AgentStore.class)
                .sessions()
                .create(NewSession.of("app", "u").withId("s1")));
        runner().withPropertyValues("agentstore.read-only=true")
                .withBean(AgentStoreOptionsCustomizer.class, () -> o -> o.withStatistics(true))
                .run(context -> {
                    AgentStore store = context.getBean(AgentStore.class);
                    assertThat(store.sessions().get("s1")).isPresent();
                    assertThat(store.stats().recording()).isTrue();
                    io.agentstore.Errors.assertFails(
                            ErrorCode.UNSUPPORTED,
                            () -> store.sessions()
                                    .create(NewSession.of("app", "u").withId("s2")),
                            "read-only");
                });
    }

    /** Local helpers. */
    static final class Errors {
        static void assertClosed(AgentStore store) {
            io.agentstore.Errors.assertFails(
                    ErrorCode.CLOSED, () -> store.sessions().get("x"));
        }

        private Errors() {}
    }

    static Optional<AgentStoreException> unused() {
        return Optional.empty();
    }
}
