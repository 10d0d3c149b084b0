package io.agentstore.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic test embedder: each word adds a fixed pseudo-random direction, so texts that
 * share words point the same way. Counts its calls and texts.
 */
public final class WordEmbedder implements Embedder {

    private final String model;
    private final int dimensions;
    public final AtomicInteger calls = new AtomicInteger();
    public final AtomicInteger texts = new AtomicInteger();

    public WordEmbedder(String model, int dimensions) {
        this.model = model;
        this.dimensions = dimensions;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public List<float[]> embed(List<String> batch) {
        calls.incrementAndGet();
        texts.addAndGet(batch.size());
        List<float[]> out = new ArrayList<>(batch.size());
        for (String text : batch) {
            out.add(vector(text));
        }
        return out;
    }

    public float[] vector(String text) {
        float[] v = new float[dimensions];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (word.isEmpty()) {
                continue;
            }
            java.util.Random r = new java.util.Random(word.hashCode());
            for (int i = 0; i < dimensions; i++) {
                v[i] += (float) r.nextGaussian();
            }
        }
        v[0] += 1e-3f; // never the zero vector
        return v;
    }
}
