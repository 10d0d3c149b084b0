package io.agentstore.bench;

import ai.koog.agents.snapshot.feature.AgentCheckpointData;
import ai.koog.agents.snapshot.feature.GraphCheckpointProperties;
import ai.koog.agents.snapshot.providers.PersistenceStorageProvider;
import ai.koog.agents.snapshot.providers.file.JVMFilePersistenceStorageProvider;
import ai.koog.agents.snapshot.providers.filters.AgentCheckpointPredicateFilter;
import ai.koog.prompt.message.Message;
import ai.koog.prompt.message.RequestMetaInfo;
import ai.koog.serialization.JSONPrimitive;
import io.agentstore.AgentStore;
import io.agentstore.koog.AgentStorePersistenceStorageProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlin.jvm.functions.Function2;
import kotlin.time.Instant;
import kotlinx.coroutines.BuildersKt;
import kotlinx.coroutines.CoroutineScope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Koog's persistence as its {@code Persistence} feature uses it, through Koog's suspending API
 * (as Koog calls it), on a run that already holds {@code checkpoints} checkpoints (each with an
 * eight-message history): reading the latest checkpoint, and what happens after every node — read
 * the latest, save one a version above it. {@code agentstore} is {@link
 * AgentStorePersistenceStorageProvider} on an embedded file; {@code koog-file} is Koog's own
 * {@code JVMFilePersistenceStorageProvider} (one JSON file per checkpoint) in a directory on the
 * same disk. The run is rebuilt before each iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class KoogBenchmarks {

    private static final String RUN = "run-1";

    @Param({"agentstore", "koog-file"})
    public String provider;

    @Param({"10", "1000"})
    public int checkpoints;

    private Path dir;
    private AgentStore store;
    private PersistenceStorageProvider<AgentCheckpointPredicateFilter> p;
    private List<Message> history;
    private long next;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("agentstore-koog");
        history = new ArrayList<>();
        Instant t = Instant.Companion.fromEpochMilliseconds(1_780_000_000_000L);
        for (int i = 0; i < 8; i++) {
            history.add(new Message.User(
                    "message " + i + " of the conversation so far, as an agent's history holds it",
                    new RequestMetaInfo(t, null),
                    null,
                    null));
        }
        if (provider.equals("agentstore")) {
            store = AgentStore.open(dir.resolve("koog.db"));
            p = new AgentStorePersistenceStorageProvider(store);
        } else {
            p = new JVMFilePersistenceStorageProvider(dir.resolve("koog"));
        }
    }

    /** The run, rebuilt: {@code checkpoints} checkpoints of versions 0, 1, 2, … */
    @Setup(Level.Iteration)
    public void run() throws IOException {
        if (store != null) {
            ((AgentStorePersistenceStorageProvider) p).deleteCheckpoints(RUN);
        } else {
            deleteTree(dir.resolve("koog"));
        }
        for (int v = 0; v < checkpoints; v++) {
            save(checkpoint(v));
        }
        next = checkpoints;
    }

    private AgentCheckpointData checkpoint(long version) {
        long n = next++;
        return new AgentCheckpointData(
                "cp-" + n + "-" + version,
                Instant.Companion.fromEpochMilliseconds(1_780_000_000_000L + n),
                history,
                null,
                version,
                new GraphCheckpointProperties("agent/node" + (n % 7), JSONPrimitive.Companion.of("output " + n)));
    }

    @Benchmark
    public AgentCheckpointData latest() {
        return await((scope, cont) -> p.getLatestCheckpoint(RUN, null, cont));
    }

    /** What Koog's Persistence feature does after each node: read the latest, save the next version. */
    @Benchmark
    public Object afterNode() {
        AgentCheckpointData parent = latest();
        return save(checkpoint(parent == null ? 0 : parent.getVersion() + 1));
    }

    private Object save(AgentCheckpointData data) {
        return await((scope, cont) -> p.saveCheckpoint(RUN, data, cont));
    }

    private static <T> T await(Function2<CoroutineScope, Continuation<? super T>, Object> block) {
        try {
            return BuildersKt.runBlocking(EmptyCoroutineContext.INSTANCE, block);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        if (store != null) {
            store.close();
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var files = Files.walk(root)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
