package io.agentstore.search;

/**
 * One result of a search: what was found and its cosine similarity to the query (-1 to 1, higher
 * is closer). Results come best first.
 */
public record SearchHit<T>(T item, double score) {}
