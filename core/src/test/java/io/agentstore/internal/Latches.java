package io.agentstore.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** For work run inside the store (which may not throw InterruptedException) that waits for a test's signal. */
final class Latches {

    private Latches() {
    }

    /** Waits up to 30 s for the latch; an interrupt ends the wait and is kept. */
    static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
