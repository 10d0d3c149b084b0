package io.agentstore.bench.report;

import java.util.List;

/**
 * One measured query shape as a user calls it through the public API.
 *
 * @param shapes       the registered query shapes the call runs (for the plan column)
 * @param seedP99Ms    the seed's signed-off p99 (toy data, in memory), or null
 * @param seedMachine  the seed measured on this machine kind at scale (p50 ms, or ops/s for writes), or null
 * @param call         one call; the argument varies the key; returns the rows it read or wrote
 */
record Probe(String name, String kind, List<String> shapes, Double seedP99Ms, Double seedMachine, Call call) {

    @FunctionalInterface
    interface Call {
        int run(int i);
    }

    boolean isWrite() {
        return kind.equals("write");
    }
}
