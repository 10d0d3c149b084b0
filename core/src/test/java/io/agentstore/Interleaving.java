package io.agentstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Checks on a history that several writers appended to at once. */
public final class Interleaving {

    private Interleaving() {}

    /** What one writer does, given its number. */
    @FunctionalInterface
    public interface Writer {
        void write(int writer) throws Exception;
    }

    /**
     * Runs {@code writers} writers on their own threads, released at once, and waits for all;
     * the first failure of any is rethrown.
     */
    public static void concurrently(int writers, Writer writer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < writers; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    writer.write(thread);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Every writer's items ({@code t<writer>-<i>}, i from 0) are all there, once each, and in the
     * order that writer appended them, whatever the interleaving.
     */
    public static void eachWriterInOrder(List<String> all, int writers, int each) {
        assertThat(all).hasSize(writers * each).doesNotHaveDuplicates();
        for (int t = 0; t < writers; t++) {
            String prefix = "t" + t + "-";
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                expected.add(prefix + i);
            }
            assertThat(all.stream().filter(x -> x.startsWith(prefix)).toList())
                    .as("writer %d's items, in its order", t)
                    .isEqualTo(expected);
        }
    }
}
