package io.agentstore.memory;

/** What kind of memory an entry is. Episodic memories expire (see {@code StoreOptions.episodicTtl}). */
public enum MemoryType {
    /** Facts and knowledge. */
    SEMANTIC,
    /** Experiences tied to a time; they expire after the configured TTL. */
    EPISODIC,
    /** How to do things: instructions, skills. */
    PROCEDURAL;
}
