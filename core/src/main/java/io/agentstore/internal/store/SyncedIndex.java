package io.agentstore.internal.store;

import io.agentstore.internal.database.Database;
import io.agentstore.internal.shape.Param;
import io.agentstore.internal.shape.RowMapper;
import io.agentstore.internal.shape.Shape;
import io.agentstore.internal.vector.Dot;
import io.agentstore.internal.vector.VectorIndex;
import io.agentstore.internal.vector.Vectors;
import io.agentstore.search.SearchHit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * This process's {@link VectorIndex} of one kind of searchable item, kept true to the database
 * through its change feed: built by the first search, brought up to date before every search.
 */
final class SyncedIndex {

    /** A change the feed names: the item's group and key, and its searchable state now (null: remove it). */
    record Change(String group, String key, VectorIndex.Item item) {}

    /** The statements of one kind of item. */
    record Source(
            String what,
            Shape horizon,
            RowMapper<Long> horizonValue,
            Shape feed,
            Param<Long> feedFrom,
            RowMapper<Change> change,
            Shape floor,
            Shape load,
            Param<Long> loadAfter,
            Param<Integer> loadLimit,
            RowMapper<VectorIndex.Item> item) {}

    /** Items read per statement when the index is built. */
    static final int LOAD_PAGE = 5_000;

    private final Database db;
    private final Source source;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Object syncing = new Object();
    private VectorIndex index;
    private long horizon;
    /** How often the index was built again because retention deleted feed rows it had not read. */
    private volatile long rebuilds;

    SyncedIndex(Database db, Source source) {
        this.db = db;
        this.source = source;
    }

    /**
     * The index brought up to date: the horizon is read first, then the index built (or the feed
     * read from the last horizon), so that every change committed meanwhile is read again by the
     * next search, whose feed starts there.
     */
    private VectorIndex sync(int dimensions) {
        synchronized (syncing) {
            long from = horizon;
            if (index == null || index.dimensions() != dimensions) {
                long next = db.read(
                        "reading the " + source.what() + " search feed's horizon",
                        c -> c.call(source.horizon()).one(source.horizonValue()).orElseThrow());
                VectorIndex built = load(dimensions);
                lock.writeLock().lock();
                try {
                    index = built;
                } finally {
                    lock.writeLock().unlock();
                }
                horizon = next;
                from = next; // what changed while the index was read
            }
            long since = from;
            // The horizon first, then the feed, on one connection: the next read starts there.
            // The floor last: if retention deleted rows of the feed from where this read starts,
            // what was read may lack some, and the index is built again instead.
            long[] next = new long[1];
            boolean[] belowFloor = new boolean[1];
            List<Change> changes = db.read("reading the " + source.what() + " search feed", c -> {
                next[0] = c.call(source.horizon()).one(source.horizonValue()).orElseThrow();
                List<Change> read =
                        c.call(source.feed()).set(source.feedFrom(), since).list(source.change());
                belowFloor[0] = c.call(source.floor())
                        .one(r -> r.get(io.agentstore.internal.db.Tables.SEARCH_FEED_FLOORS.FLOOR))
                        .map(f -> f > since)
                        .orElse(false);
                return read;
            });
            if (belowFloor[0]) {
                rebuilds++;
                index = null; // built again from the rows themselves, then the feed read from there
                return sync(dimensions);
            }
            if (!changes.isEmpty()) {
                lock.writeLock().lock();
                try {
                    for (Change ch : changes) {
                        if (ch.item() == null) {
                            index.remove(ch.group(), ch.key());
                        } else {
                            index.put(ch.item());
                        }
                    }
                } finally {
                    lock.writeLock().unlock();
                }
            }
            horizon = next[0];
            return index;
        }
    }

    long rebuilds() {
        return rebuilds;
    }

    private VectorIndex load(int dimensions) {
        VectorIndex built = new VectorIndex(dimensions, Dot.best());
        long after = Long.MIN_VALUE;
        while (true) {
            long from = after;
            List<VectorIndex.Item> page = db.read(
                    "building the " + source.what() + " search index",
                    c -> c.call(source.load())
                            .set(source.loadAfter(), from)
                            .set(source.loadLimit(), LOAD_PAGE)
                            .list(source.item()));
            for (VectorIndex.Item item : page) {
                if (item.unit().length == dimensions) {
                    built.put(item);
                }
                after = item.id();
            }
            if (page.size() < LOAD_PAGE) {
                return built;
            }
        }
    }

    /** The candidates of a search, on the index brought up to date first. */
    List<VectorIndex.Candidate> candidates(
            float[] q,
            Collection<String> prefixes,
            VectorIndex.Filter filter,
            Function<VectorIndex, VectorIndex.Shadow> shadow,
            int k,
            double minScore) {
        VectorIndex ix = sync(q.length);
        lock.readLock().lock();
        try {
            return ix.candidates(q, prefixes, filter, shadow == null ? null : shadow.apply(ix), k, minScore);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A candidate's row, if it is still current, with its stored vector. */
    record Fetched<T>(T item, float[] vector) {}

    /** Reads the rows and vectors of candidates by id (those no longer current are left out). */
    @FunctionalInterface
    interface Fetch<T> {
        List<Fetched<T>> rows(List<Long> ids);
    }

    /**
     * The exact top k: the index's candidates re-scored with their stored vectors, best first,
     * equal scores in {@code ties} order. When a candidate stopped being current between the
     * index's update and the re-scoring, the search runs again on the index brought up to date
     * (three times at most: under a storm of writes, the best of the last).
     */
    <T> List<SearchHit<T>> search(
            float[] q,
            Collection<String> prefixes,
            VectorIndex.Filter filter,
            Function<VectorIndex, VectorIndex.Shadow> shadow,
            int k,
            double minScore,
            Fetch<T> fetch,
            Comparator<T> ties) {
        Comparator<SearchHit<T>> order =
                Comparator.<SearchHit<T>>comparingDouble(h -> -h.score()).thenComparing(SearchHit::item, ties);
        List<SearchHit<T>> best = List.of();
        for (int attempt = 0; attempt < 3; attempt++) {
            List<VectorIndex.Candidate> candidates = candidates(q, prefixes, filter, shadow, k, minScore);
            if (candidates.isEmpty()) {
                return List.of();
            }
            List<Long> ids = new ArrayList<>(candidates.size());
            candidates.forEach(c -> ids.add(c.id()));
            List<Fetched<T>> rows = fetch.rows(ids);
            List<SearchHit<T>> scored = new ArrayList<>(rows.size());
            for (Fetched<T> f : rows) {
                double score = Vectors.cosine(q, f.vector());
                if (score >= minScore) {
                    scored.add(new SearchHit<>(f.item(), score, f.vector()));
                }
            }
            scored.sort(order);
            best = List.copyOf(scored.subList(0, Math.min(k, scored.size())));
            if (rows.size() == candidates.size()) {
                break;
            }
        }
        return best;
    }
}
