package io.agentstore.springboot;

import io.agentstore.AgentStore;
import io.agentstore.AgentStoreException;
import io.agentstore.StoreHealth;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The store's health for Spring Boot's Actuator ({@code /actuator/health/agentstore}): UP when
 * it answers {@link AgentStore#health()} within the timeout with the schema this library was
 * built for, DOWN otherwise, with the details an operator needs — the engine, the schema
 * version, how long the probe took, the database's size, on SQLite the log's size against its
 * bound and the file's free pages, and the connections (SQLite's readers, PostgreSQL's pool).
 *
 * <p>Never slow: the probe reads no table, and runs on a thread of its own so that a check
 * returns DOWN at the timeout however long the store takes; while a probe is still out, the
 * next checks report DOWN at once instead of sending another.
 */
public class AgentStoreHealthIndicator implements HealthIndicator, DisposableBean {

    private final AgentStore store;
    private final Duration timeout;
    private final ExecutorService probes = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "agentstore-health");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Future<StoreHealth>> outstanding = new AtomicReference<>();

    public AgentStoreHealthIndicator(AgentStore store, Duration timeout) {
        this.store = Objects.requireNonNull(store, "store");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public Health health() {
        Future<StoreHealth> probe = outstanding.get();
        if (probe != null && !probe.isDone()) {
            return Health.down()
                    .withDetail("error", "the previous probe has not returned yet (timeout " + timeout + ")")
                    .build();
        }
        probe = probes.submit(store::health);
        outstanding.set(probe);
        try {
            return report(probe.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Health.down()
                    .withDetail("error", "the store did not answer within " + timeout)
                    .build();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            Health.Builder down = Health.down().withDetail("error", String.valueOf(cause.getMessage()));
            if (cause instanceof AgentStoreException x) {
                down.withDetail("code", x.code().name());
            }
            return down.build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().withDetail("error", "interrupted").build();
        }
    }

    private static Health report(StoreHealth h) {
        Health.Builder b = h.schemaCurrent() ? Health.up() : Health.down();
        b.withDetail("engine", h.engine())
                .withDetail("schemaVersion", h.schemaVersion())
                .withDetail("probeMillis", h.probeTime().toNanos() / 1e6)
                .withDetail("databaseBytes", h.storage().databaseBytes());
        if (!h.schemaCurrent()) {
            b.withDetail(
                    "error",
                    "the database's schema is version " + h.schemaVersion() + ", this library's is "
                            + h.librarySchemaVersion());
        }
        h.storage().logBytes().ifPresent(v -> b.withDetail("logBytes", v));
        h.logLimitBytes().ifPresent(v -> b.withDetail("logLimitBytes", v));
        h.storage().freePages().ifPresent(v -> b.withDetail("freePages", v));
        if (h.storage().freePages().isPresent()) {
            b.withDetail("pages", h.storage().pages());
        }
        h.connections()
                .ifPresent(c -> b.withDetail(
                        "connections",
                        java.util.Map.of(
                                "active", c.active(),
                                "idle", c.idle(),
                                "total", c.total(),
                                "maximum", c.maximum(),
                                "waiting", c.waiting())));
        return b.build();
    }

    @Override
    public void destroy() {
        probes.shutdownNow();
    }
}
