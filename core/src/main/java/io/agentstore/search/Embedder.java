package io.agentstore.search;

import java.util.List;

/**
 * Turns text into vectors: the model a store embeds memories and queries with when it is opened
 * with one ({@link io.agentstore.StoreOptions#withEmbedder}). The store calls it before a write
 * takes the writer's lock, never under it, and a batch write calls it once per batch.
 *
 * <p>The store never asks for blank text: a value whose text to embed is blank is not embedded.
 * Implementations must be thread-safe and return, for each text, a vector of exactly
 * {@link #dimensions()} finite values, in the order of the texts. The store records the model
 * name and dimension with the vectors it keeps, and refuses (INVALID_ARGUMENT) to rank vectors of
 * one model against those of another.
 */
public interface Embedder {

    /** The model's name, as recorded with the store's vectors (at most 256 characters). */
    String model();

    /** The length of every vector this embedder returns (1 to 4096). */
    int dimensions();

    /** One vector per text, in the same order. */
    List<float[]> embed(List<String> texts);

    /** The vector of one text. */
    default float[] embed(String text) {
        List<float[]> one = embed(List.of(text));
        if (one == null || one.size() != 1) {
            throw new IllegalStateException("embedder " + model() + " returned "
                    + (one == null ? "null" : one.size() + " vectors") + " for one text");
        }
        return one.get(0);
    }
}
