package io.agentstore.transfer;

import io.agentstore.internal.Failures;

/**
 * How an import loads a file: by default only into an empty store; {@link #merging()} adds the
 * file's rows to a store that has some, provided that none of them has the key of a row already
 * there. Immutable: each wither returns a changed copy.
 */
public final class ImportOptions {

    private static final ImportOptions DEFAULTS = new ImportOptions(false, Progress.none());

    private final boolean merge;
    private final Progress progress;

    private ImportOptions(boolean merge, Progress progress) {
        this.merge = merge;
        this.progress = progress;
    }

    /** Into an empty store only; no progress. */
    public static ImportOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Allows a store that already holds data: the file's rows are added, ids, versions and sequence
     * numbers as they are in the file. A row whose key (a session id, a memory entry id, an
     * event's session and seq …) is already in the store fails the whole import with
     * {@code CONFLICT} naming it, and nothing is written. Ids are never renumbered: two stores that
     * both numbered their memory from 1 cannot be merged this way.
     */
    public ImportOptions merging() {
        return new ImportOptions(true, progress);
    }

    /** Told the rows loaded so far of the rows the file's header announces. */
    public ImportOptions withProgress(Progress progress) {
        if (progress == null) {
            throw Failures.invalid("the progress must not be null (use Progress.none())");
        }
        return new ImportOptions(merge, progress);
    }

    public boolean merge() {
        return merge;
    }

    public Progress progress() {
        return progress;
    }
}
