package io.agentstore.bench;

import io.agentstore.memory.MemoryEntry;
import io.agentstore.memory.NewMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One writer (memory add with its audit row) alone, and the same writer beside 64 reader
 * threads (memory current version) in the same run: the ratio of the writer's two scores is
 * what busy readers cost writes. A sampler thread records the largest write-ahead log seen
 * during each trial; it is written to {@code walReport} (a line per trial) and printed.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Group)
public class MixedBenchmarks extends BenchState {

    /** Where the trials' WAL peaks are appended (empty: not written). */
    @Param("")
    public String walReport;

    Dataset data;
    final AtomicLong counter = new AtomicLong();
    volatile boolean sampling;
    volatile long walPeak;
    Thread sampler;

    @Override
    protected void afterOpen() {
        data = Dataset.forMemories(memories);
        Path wal = Path.of(file + "-wal");
        sampling = true;
        sampler = new Thread(
                () -> {
                    while (sampling) {
                        try {
                            walPeak = Math.max(walPeak, Files.exists(wal) ? Files.size(wal) : 0);
                            Thread.sleep(5);
                        } catch (Exception e) {
                            return;
                        }
                    }
                },
                "wal-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    @Override
    protected void beforeClose() throws Exception {
        sampling = false;
        sampler.join();
        String line = String.format(Locale.ROOT, "memories=%d wal_peak_bytes=%d%n", memories, walPeak);
        System.out.print("WAL peak: " + line);
        if (!walReport.isEmpty()) {
            Files.writeString(Path.of(walReport), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private MemoryEntry add() {
        long n = counter.incrementAndGet();
        return store.memory()
                .add(NewMemory.of("bench:mixed:n" + (n % 1000), "k" + n, Map.of("n", n))
                        .by("bench"));
    }

    @Benchmark
    @Group("solo")
    @GroupThreads(1)
    public MemoryEntry soloWrite() {
        return add();
    }

    @Benchmark
    @Group("mixed")
    @GroupThreads(1)
    public MemoryEntry mixedWrite() {
        return add();
    }

    @Benchmark
    @Group("mixed")
    @GroupThreads(64)
    public Optional<MemoryEntry> mixedRead() {
        int i = ThreadLocalRandom.current().nextInt(memories);
        return store.memory().get(data.namespaceOf(i), data.keyOf(i));
    }
}
