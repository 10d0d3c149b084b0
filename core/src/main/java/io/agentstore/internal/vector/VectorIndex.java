package io.agentstore.internal.vector;

import io.agentstore.search.MetadataFilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The in-memory side of a search: every searchable item's vector as int8 codes (one scale per
 * vector) and the attributes searches filter on, grouped by namespace. Not thread-safe: its owner
 * serialises changes against scans.
 *
 * <p>Exactness: for a unit vector v with scale s and codes c, the code error e = v − s·c is kept
 * as its length ‖e‖. For a unit query q, |q·v − s·(q·c)| ≤ ‖e‖ (Cauchy–Schwarz), plus a bound on
 * float rounding. A scan keeps every item whose upper bound reaches the k-th best lower bound;
 * no item it drops can be among the exact top k, so re-scoring the kept ones with the stored
 * float vectors gives exactly the top k.
 */
public final class VectorIndex {

    /** An item to index: a unit vector and the attributes searches filter on. */
    public record Item(
            long id,
            String group,
            String key,
            int type,
            String creator,
            long updatedMicros,
            long expiresMicros,
            Map<String, Object> metadata,
            float[] unit) {}

    /** What a search lets through, besides the group subtree: every set condition must hold. */
    public record Filter(
            int type, String creator, long updatedFrom, long updatedTo, long nowMicros, List<MetadataFilter> metadata) {

        /** No condition but that an item has not expired by {@code nowMicros}. */
        public static Filter none(long nowMicros) {
            return new Filter(-1, null, Long.MIN_VALUE, Long.MAX_VALUE, nowMicros, List.of());
        }
    }

    /** Hides items a higher-precedence scope shadows (scoped searches). */
    @FunctionalInterface
    public interface Shadow {
        boolean hides(String group, String key);
    }

    /** An item that may be among the top k: its approximate score and the bound on that approximation's error. */
    public record Candidate(long id, String group, String key, float approx, float error) {}

    private final int dims;
    private final float rounding;
    private final Dot dot;
    private final NavigableMap<String, Bucket> groups = new TreeMap<>();
    private int size;

    private final int parallelSlice;

    public VectorIndex(int dims, Dot dot) {
        this(dims, dot, PARALLEL_SLICE);
    }

    /** With scans going parallel past {@code parallelSlice} vectors (tests make it small). */
    VectorIndex(int dims, Dot dot, int parallelSlice) {
        this.parallelSlice = parallelSlice;
        this.dims = dims;
        this.dot = dot;
        // float sums of dims products of |q_i| <= 1 and |c_i| <= 127 scaled back by s <= 1/127:
        // a generous bound on their rounding error.
        this.rounding = 1e-6f + dims * 2e-7f;
    }

    public int dimensions() {
        return dims;
    }

    public int size() {
        return size;
    }

    /** Adds an item, or replaces the group's item of the same key. */
    public void put(Item item) {
        if (item.unit().length != dims) {
            throw new IllegalArgumentException(
                    "an item of " + item.unit().length + " dimensions in an index of " + dims);
        }
        Bucket b = groups.computeIfAbsent(item.group(), g -> new Bucket(dims));
        if (b.put(item)) {
            size++;
        }
    }

    /** Removes the group's item of this key, if any. */
    public void remove(String group, String key) {
        Bucket b = groups.get(group);
        if (b != null && b.remove(key)) {
            size--;
            if (b.size == 0) {
                groups.remove(group);
            }
        }
    }

    public boolean contains(String group, String key) {
        Bucket b = groups.get(group);
        return b != null && b.slots.containsKey(key);
    }

    /** Removes every item. */
    public void clear() {
        groups.clear();
        size = 0;
    }

    /**
     * The items that may be among the {@code k} best of the groups under {@code prefixes} (whole
     * segments; null for every group) that pass the filter and are not shadowed: a superset of
     * the exact top k, to be re-scored exactly.
     */
    public List<Candidate> candidates(
            float[] unitQuery, Collection<String> prefixes, Filter filter, Shadow shadow, int k, double minScore) {
        boolean plain = filter.type() < 0
                && filter.creator() == null
                && filter.updatedFrom() == Long.MIN_VALUE
                && filter.updatedTo() == Long.MAX_VALUE
                && filter.metadata().isEmpty()
                && shadow == null;
        List<Bucket> buckets = buckets(prefixes);
        long total = 0;
        for (Bucket b : buckets) {
            total += b.size;
        }
        int parts = (int) Math.min(PARALLELISM, Math.max(1, total / parallelSlice));
        if (parts == 1) {
            Scan scan = new Scan(k, (float) minScore);
            for (Bucket b : buckets) {
                scan(b, 0, b.size, unitQuery, filter, shadow, plain, scan);
            }
            return scan.result(scan.threshold());
        }
        // Slices of about equal size, cut across buckets; each scanned on its own, then merged.
        long per = (total + parts - 1) / parts;
        List<List<int[]>> slices = new ArrayList<>();
        List<int[]> current = new ArrayList<>();
        long filled = 0;
        for (int bi = 0; bi < buckets.size(); bi++) {
            int from = 0;
            int size = buckets.get(bi).size;
            while (from < size) {
                int take = (int) Math.min(size - from, per - filled);
                current.add(new int[] {bi, from, from + take});
                from += take;
                filled += take;
                if (filled == per) {
                    slices.add(current);
                    current = new ArrayList<>();
                    filled = 0;
                }
            }
        }
        if (!current.isEmpty()) {
            slices.add(current);
        }
        List<java.util.concurrent.ForkJoinTask<Scan>> forked = new ArrayList<>();
        for (int i = 1; i < slices.size(); i++) {
            List<int[]> slice = slices.get(i);
            forked.add(java.util.concurrent.ForkJoinPool.commonPool()
                    .submit(() -> scanSlice(slice, buckets, unitQuery, filter, shadow, plain, k, minScore)));
        }
        List<Scan> scans = new ArrayList<>();
        scans.add(scanSlice(slices.get(0), buckets, unitQuery, filter, shadow, plain, k, minScore));
        for (var f : forked) {
            scans.add(f.join());
        }
        // The k best lower bounds of all slices give the threshold every slice's candidates must reach.
        Scan merged = new Scan(k, (float) minScore);
        for (Scan sc : scans) {
            for (int i = 0; i < sc.n; i++) {
                merged.push(sc.approx[i] - sc.errors[i]);
            }
        }
        float t = merged.threshold();
        List<Candidate> out = new ArrayList<>();
        for (Scan sc : scans) {
            out.addAll(sc.result(t));
        }
        return out;
    }

    /** Scans go parallel past this many vectors a slice, on up to this many threads (the caller and the common pool). */
    private static final int PARALLEL_SLICE = 32_768;

    private static final int PARALLELISM = Math.max(
            1,
            Math.min(
                    Runtime.getRuntime().availableProcessors(),
                    1 + java.util.concurrent.ForkJoinPool.getCommonPoolParallelism()));

    private Scan scanSlice(
            List<int[]> slice,
            List<Bucket> buckets,
            float[] q,
            Filter filter,
            Shadow shadow,
            boolean plain,
            int k,
            double minScore) {
        Scan scan = new Scan(k, (float) minScore);
        for (int[] range : slice) {
            scan(buckets.get(range[0]), range[1], range[2], q, filter, shadow, plain, scan);
        }
        return scan;
    }

    private void scan(Bucket b, int start, int end, float[] q, Filter filter, Shadow shadow, boolean plain, Scan scan) {
        float[] buf = scan.buffer;
        for (int from = start; from < end; from += buf.length) {
            int n = Math.min(buf.length, end - from);
            dot.dots(q, b.codes, from, n, buf);
            for (int j = 0; j < n; j++) {
                int i = from + j;
                if (b.expires[i] <= filter.nowMicros()) {
                    continue;
                }
                if (!plain && !passes(b, i, filter, shadow)) {
                    continue;
                }
                scan.offer(b, i, b.scales[i] * buf[j], b.errors[i] + rounding);
            }
        }
    }

    private static boolean passes(Bucket b, int i, Filter f, Shadow shadow) {
        if (f.type() >= 0 && b.types[i] != f.type()) {
            return false;
        }
        if (f.creator() != null && !f.creator().equals(b.creators[i])) {
            return false;
        }
        if (b.updated[i] < f.updatedFrom() || b.updated[i] >= f.updatedTo()) {
            return false;
        }
        if (!f.metadata().isEmpty() && !MetadataMatch.all(f.metadata(), b.metadata[i])) {
            return false;
        }
        return shadow == null || !shadow.hides(b.group, b.keys[i]);
    }

    private List<Bucket> buckets(Collection<String> prefixes) {
        if (prefixes == null) {
            return new ArrayList<>(groups.values());
        }
        List<Bucket> out = new ArrayList<>();
        for (String p : prefixes) {
            Bucket exact = groups.get(p);
            if (exact != null) {
                out.add(exact);
            }
            // Whole segments: the groups in [p:, p;) (';' follows ':').
            out.addAll(groups.subMap(p + ":", true, p + ";", false).values());
        }
        return out;
    }

    /** One search's running state: a min-heap of the k best lower bounds, and the items still in the running. */
    private static final class Scan {
        private final int k;
        private final float minScore;
        private final float[] heap;
        private int heapSize;
        final float[] buffer = new float[256];
        private Bucket[] buckets = new Bucket[64];
        private int[] slots = new int[64];
        float[] approx = new float[64];
        float[] errors = new float[64];
        int n;

        Scan(int k, float minScore) {
            this.k = k;
            this.minScore = minScore;
            this.heap = new float[k];
        }

        private float threshold() {
            float t = heapSize == k ? heap[0] : Float.NEGATIVE_INFINITY;
            return Math.max(t, minScore);
        }

        void offer(Bucket b, int slot, float score, float error) {
            float hi = score + error;
            if (hi < threshold()) {
                return;
            }
            if (n == slots.length) {
                int m = n * 2;
                buckets = Arrays.copyOf(buckets, m);
                slots = Arrays.copyOf(slots, m);
                approx = Arrays.copyOf(approx, m);
                errors = Arrays.copyOf(errors, m);
            }
            buckets[n] = b;
            slots[n] = slot;
            approx[n] = score;
            errors[n] = error;
            n++;
            push(score - error);
        }

        private void push(float lo) {
            if (heapSize < k) {
                int i = heapSize++;
                heap[i] = lo;
                while (i > 0) {
                    int parent = (i - 1) / 2;
                    if (heap[parent] <= heap[i]) {
                        break;
                    }
                    swap(i, parent);
                    i = parent;
                }
            } else if (lo > heap[0]) {
                heap[0] = lo;
                int i = 0;
                while (true) {
                    int l = 2 * i + 1;
                    int r = l + 1;
                    int min = i;
                    if (l < k && heap[l] < heap[min]) {
                        min = l;
                    }
                    if (r < k && heap[r] < heap[min]) {
                        min = r;
                    }
                    if (min == i) {
                        break;
                    }
                    swap(i, min);
                    i = min;
                }
            }
        }

        private void swap(int a, int b) {
            float t = heap[a];
            heap[a] = heap[b];
            heap[b] = t;
        }

        List<Candidate> result(float t) {
            List<Candidate> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (approx[i] + errors[i] >= t) {
                    Bucket b = buckets[i];
                    int s = slots[i];
                    out.add(new Candidate(b.ids[s], b.group, b.keys[s], approx[i], errors[i]));
                }
            }
            return out;
        }
    }

    /** The items of one group, in parallel arrays; a removed item's slot is filled by the last one. */
    private static final class Bucket {
        private final int dims;
        String group;
        int size;
        final Map<String, Integer> slots = new HashMap<>();
        long[] ids = new long[4];
        String[] keys = new String[4];
        byte[] codes;
        float[] scales = new float[4];
        float[] errors = new float[4];
        byte[] types = new byte[4];
        String[] creators = new String[4];
        long[] updated = new long[4];
        long[] expires = new long[4];

        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Object>[] metadata = new Map[4];

        Bucket(int dims) {
            this.dims = dims;
            this.codes = new byte[4 * dims];
        }

        /** True if the key is new to the group. */
        boolean put(Item item) {
            group = item.group();
            Integer at = slots.get(item.key());
            boolean added = at == null;
            int i;
            if (added) {
                if (size == ids.length) {
                    grow();
                }
                i = size++;
                slots.put(item.key(), i);
            } else {
                i = at;
            }
            ids[i] = item.id();
            keys[i] = item.key();
            types[i] = (byte) item.type();
            creators[i] = item.creator();
            updated[i] = item.updatedMicros();
            expires[i] = item.expiresMicros();
            metadata[i] = item.metadata();
            quantise(item.unit(), i);
            return added;
        }

        private void quantise(float[] v, int i) {
            float max = 0;
            for (float x : v) {
                max = Math.max(max, Math.abs(x));
            }
            float scale = max / 127f;
            int off = i * dims;
            double err = 0;
            for (int j = 0; j < dims; j++) {
                int c = Math.round(v[j] / scale);
                c = Math.max(-127, Math.min(127, c));
                codes[off + j] = (byte) c;
                double e = v[j] - (double) scale * c;
                err += e * e;
            }
            scales[i] = scale;
            // Rounded up so that the float still bounds the exact error.
            errors[i] = Math.nextUp((float) Math.sqrt(err));
        }

        boolean remove(String key) {
            Integer at = slots.remove(key);
            if (at == null) {
                return false;
            }
            int i = at;
            int last = --size;
            if (i != last) {
                ids[i] = ids[last];
                keys[i] = keys[last];
                System.arraycopy(codes, last * dims, codes, i * dims, dims);
                scales[i] = scales[last];
                errors[i] = errors[last];
                types[i] = types[last];
                creators[i] = creators[last];
                updated[i] = updated[last];
                expires[i] = expires[last];
                metadata[i] = metadata[last];
                slots.put(keys[i], i);
            }
            keys[last] = null;
            creators[last] = null;
            metadata[last] = null;
            return true;
        }

        private void grow() {
            int m = ids.length * 2;
            ids = Arrays.copyOf(ids, m);
            keys = Arrays.copyOf(keys, m);
            codes = Arrays.copyOf(codes, m * dims);
            scales = Arrays.copyOf(scales, m);
            errors = Arrays.copyOf(errors, m);
            types = Arrays.copyOf(types, m);
            creators = Arrays.copyOf(creators, m);
            updated = Arrays.copyOf(updated, m);
            expires = Arrays.copyOf(expires, m);
            metadata = Arrays.copyOf(metadata, m);
        }
    }
}
