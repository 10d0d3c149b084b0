package io.agentstore.search;

/**
 * One result of a search: what was found, its cosine similarity to the query (-1 to 1, higher is
 * closer) and its stored vector (scaled to unit length; the search read it to score the item, so
 * it costs nothing more). Results come best first.
 */
public record SearchHit<T>(T item, double score, float[] vector) {}
