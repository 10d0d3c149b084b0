package io.agentstore.koog;

import static io.agentstore.koog.Koog.checkpoint;
import static io.agentstore.koog.Koog.latest;
import static io.agentstore.koog.Koog.list;
import static io.agentstore.koog.Koog.save;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koog.agents.snapshot.feature.AgentCheckpointData;
import io.agentstore.AgentStore;
import io.agentstore.ErrorCode;
import io.agentstore.Errors;
import io.agentstore.StoreTestBase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Parallel nodes and several instances: each saves as Koog's Persistence feature does after a
 * node (read the latest, save a checkpoint one version above it), all at once on one session,
 * through two store instances. Koog's JDBC providers fail here (a duplicate (id, version));
 * agentstore's keeps every checkpoint.
 */
class KoogConcurrencyTest extends StoreTestBase {

    private static final int THREADS_PER_INSTANCE = 4;
    private static final int NODES = 25;

    @Test
    void parallelNodesOnTwoInstancesNeverFailAndLoseNothing() throws Exception {
        AgentStore other = openStore(options());
        List<AgentStorePersistenceStorageProvider> instances = List.of(
                new AgentStorePersistenceStorageProvider(store()), new AgentStorePersistenceStorageProvider(other));
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_INSTANCE);
        CountDownLatch start = new CountDownLatch(1);
        CyclicBarrier fork = new CyclicBarrier(2 * THREADS_PER_INSTANCE);
        Map<String, Long> saved = new ConcurrentHashMap<>();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            for (int t = 0; t < THREADS_PER_INSTANCE; t++) {
                AgentStorePersistenceStorageProvider p = instances.get(i);
                String node = "i" + i + "t" + t;
                done.add(pool.submit(() -> {
                    start.await();
                    // Parallel nodes after one parent: all read it, then all save the next version.
                    AgentCheckpointData first = latest(p, "run", null);
                    fork.await(1, TimeUnit.MINUTES);
                    save(
                            p,
                            "run",
                            checkpoint(node + "-fork", System.currentTimeMillis(), first == null ? 0 : 1, node, node));
                    saved.put(node + "-fork", 0L);
                    for (int n = 0; n < NODES; n++) {
                        AgentCheckpointData parent = latest(p, "run", null);
                        long version = parent == null ? 0 : parent.getVersion() + 1;
                        String id = node + "-" + n;
                        save(p, "run", checkpoint(id, System.currentTimeMillis(), version, node, id));
                        saved.put(id, version);
                    }
                    return null;
                }));
            }
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(2, TimeUnit.MINUTES); // any failure of a save or a read is thrown here
        }
        pool.shutdown();

        int total = 2 * THREADS_PER_INSTANCE * (NODES + 1);
        assertThat(saved.values().stream().filter(v -> v == 0L)).hasSize(2 * THREADS_PER_INSTANCE);
        for (AgentStorePersistenceStorageProvider p : instances) {
            List<AgentCheckpointData> all = list(p, "run", null);
            assertThat(all).hasSize(total);
            Map<String, Long> read = new ConcurrentHashMap<>();
            all.forEach(c -> read.put(c.getCheckpointId(), c.getVersion()));
            assertThat(read).isEqualTo(saved);
            // Each node's own checkpoints appear in the order it saved them.
            for (String node : List.of("i0t0", "i1t3")) {
                List<String> mine = all.stream()
                        .map(AgentCheckpointData::getCheckpointId)
                        .filter(id -> id.startsWith(node + "-"))
                        .toList();
                List<String> expected = new ArrayList<>();
                expected.add(node + "-fork");
                for (int n = 0; n < NODES; n++) {
                    expected.add(node + "-" + n);
                }
                assertThat(mine).isEqualTo(expected);
            }
            long max = Collections.max(saved.values());
            AgentCheckpointData latest = latest(p, "run", null);
            assertThat(latest.getVersion()).isEqualTo(max);
            // Of the checkpoints of that version, the first saved.
            assertThat(latest.getCheckpointId())
                    .isEqualTo(all.stream()
                            .filter(c -> c.getVersion() == max)
                            .findFirst()
                            .orElseThrow()
                            .getCheckpointId());
        }
    }

    @Test
    void badInputIsRefusedNamingItAndDeletingARunFreesIt() {
        AgentStorePersistenceStorageProvider p = new AgentStorePersistenceStorageProvider(store(), Runnable::run);
        Errors.assertFails(ErrorCode.INVALID_ARGUMENT, () -> unwrap(p.getCheckpointsAsync(null, null)), "session id");
        Errors.assertFails(ErrorCode.INVALID_ARGUMENT, () -> unwrap(p.saveCheckpointAsync("run", null)), "'run'");
        // A checkpoint whose text agentstore refuses on every engine (U+0000) is refused whole.
        Errors.assertFails(
                ErrorCode.INVALID_ARGUMENT,
                () -> unwrap(p.saveCheckpointAsync("run", checkpoint("c", 0, 0, "n", "nul \u0000 char"))));
        assertThat(list(p, "run", null)).isEmpty();
        save(p, "run", checkpoint("c1", 0, 0, "n", "one"));
        save(p, "run", checkpoint("c2", 1, 1, "n", "two"));
        save(p, "other", checkpoint("o1", 0, 0, "n", "other"));
        assertThat(p.deleteCheckpoints("run")).isEqualTo(2);
        assertThat(list(p, "run", null)).isEmpty();
        assertThat(latest(p, "run", null)).isNull();
        assertThat(list(p, "other", null)).hasSize(1);
        assertThat(p.deleteCheckpoints("never")).isZero();
        // A checkpoint saved again after the delete starts the run anew.
        save(p, "run", checkpoint("c3", 2, 0, "n", "again"));
        assertThat(latest(p, "run", null).getCheckpointId()).isEqualTo("c3");
        // Through the Java-friendly API: futures that complete with the answer.
        assertThat(p.getLatestCheckpointAsync("run", null).join().getCheckpointId())
                .isEqualTo("c3");
        assertThat(p.getCheckpointsAsync("other", c -> false).join()).isEmpty();
    }

    /** A future's outcome, its failure thrown as it was raised. */
    private static <T> T unwrap(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
