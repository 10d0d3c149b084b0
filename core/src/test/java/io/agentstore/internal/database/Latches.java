package io.agentstore.internal.database;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** For work run inside the store (which may not throw InterruptedException) that waits for a test's signal. */
public final class Latches {

    private Latches() {}

    /** Waits up to 30 s for the latch; an interrupt ends the wait and is kept. */
    public static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One write holds the writer's transaction open until {@code release} opens, so that the
     * writes submitted meanwhile queue behind it and share the next commit.
     */
    public static Future<?> holdTheWriter(ExecutorService pool, Database db, CountDownLatch release)
            throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        Future<?> holder = pool.submit(() -> db.write("holding", c -> {
            holding.countDown();
            await(release);
            return null;
        }));
        if (!holding.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the holding write did not start within 30 s");
        }
        return holder;
    }
}
