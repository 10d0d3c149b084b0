package io.agentstore.transfer;

/**
 * Told how far a long operation has come: {@code done} of {@code total} units (pages for a backup
 * or a restore, rows for an export or an import). Called on the thread doing the work, often (up
 * to every few hundred rows or pages): keep it cheap. {@code total} may grow while a backup runs
 * (the database grew); {@code done} never decreases.
 */
@FunctionalInterface
public interface Progress {

    void update(long done, long total);

    /** Tells nobody. */
    static Progress none() {
        return (done, total) -> {};
    }
}
