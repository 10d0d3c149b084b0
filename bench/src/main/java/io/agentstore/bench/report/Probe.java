package io.agentstore.bench.report;

import java.util.List;

/**
 * One measured query shape as a user calls it through the public API.
 *
 * @param shapes       the registered query shapes the call runs (for the plan column)
 * @param seedToy      the seed's signed-off figure, taken its way (a tiny in-memory database, 100 calls): p99 ms
 *                     for a read, ops/s for a write; or null
 * @param seedAtScale  the seed measured on this machine kind at scale (100,000 memories, 10,000 sessions, a WAL
 *                     file): p50 ms for a read, ops/s for a write; or null
 * @param call         one call; the argument varies the key; returns the rows it read or wrote
 */
record Probe(String name, String kind, List<String> shapes, Double seedToy, Double seedAtScale, Call call) {

    @FunctionalInterface
    interface Call {
        int run(int i);
    }

    boolean isWrite() {
        return kind.equals("write");
    }
}
