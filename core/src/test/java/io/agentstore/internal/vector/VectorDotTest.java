package io.agentstore.internal.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorDotTest {

    @Test
    void theTestsRunWithTheVectorApi() {
        // core's surefire adds jdk.incubator.vector, as a user's JVM would.
        assertThat(Dot.best().name()).startsWith("vector-api");
    }

    @Test
    void theVectorApiAndThePlainLoopAgreeForEveryLengthAndOffset() {
        Random r = new Random(3);
        for (int dims : new int[] {1, 3, 7, 8, 15, 16, 17, 31, 64, 100, 384, 385}) {
            int count = 9;
            float[] q = new float[dims];
            for (int i = 0; i < dims; i++) {
                q[i] = (float) r.nextGaussian();
            }
            byte[] codes = new byte[(count + 2) * dims];
            r.nextBytes(codes);
            float[] simd = new float[count];
            float[] plain = new float[count];
            Dot.best().dots(q, codes, 2, count, simd);
            Dot.scalar().dots(q, codes, 2, count, plain);
            for (int v = 0; v < count; v++) {
                double exact = 0;
                for (int i = 0; i < dims; i++) {
                    exact += (double) q[i] * codes[(2 + v) * dims + i];
                }
                assertThat((double) simd[v])
                        .as("dims %d vector %d", dims, v)
                        .isCloseTo(exact, within(1e-3 * Math.sqrt(dims) * 127));
                assertThat((double) plain[v]).isCloseTo(exact, within(1e-3 * Math.sqrt(dims) * 127));
            }
        }
    }

    @Test
    void theIndexBoundsKeepTheExactTopKForBothImplementations() {
        Random r = new Random(11);
        int dims = 48;
        // The Vector API and the plain loop, scanning on one thread and in parallel slices of 300.
        for (VectorIndex ix : List.of(
                new VectorIndex(dims, Dot.best()),
                new VectorIndex(dims, Dot.scalar()),
                new VectorIndex(dims, Dot.best(), 300))) {
            Dot dot = Dot.best();
            float[][] units = new float[2000][];
            for (int i = 0; i < units.length; i++) {
                float[] v = new float[dims];
                for (int j = 0; j < dims; j++) {
                    v[j] = (float) r.nextGaussian();
                }
                units[i] = Vectors.unit(v, dims, "v");
                ix.put(new VectorIndex.Item(
                        i, "g" + (i % 7), "k" + i, 0, null, 0, Long.MAX_VALUE, java.util.Map.of(), units[i]));
            }
            for (int t = 0; t < 20; t++) {
                float[] q = Vectors.unit(units[r.nextInt(units.length)].clone(), dims, "q");
                int k = 10;
                List<VectorIndex.Candidate> c = ix.candidates(q, null, VectorIndex.Filter.none(0), null, k, -2);
                double[] exact = new double[units.length];
                for (int i = 0; i < units.length; i++) {
                    exact[i] = Vectors.cosine(q, units[i]);
                }
                double kth = java.util.Arrays.stream(exact)
                        .boxed()
                        .sorted(java.util.Comparator.reverseOrder())
                        .skip(k - 1)
                        .findFirst()
                        .orElseThrow();
                java.util.Set<Long> kept = new java.util.HashSet<>();
                c.forEach(x -> kept.add(x.id()));
                for (int i = 0; i < units.length; i++) {
                    if (exact[i] >= kth) {
                        assertThat(kept)
                                .as("%s: an item of the exact top %d", dot.name(), k)
                                .contains((long) i);
                    }
                }
                // The pre-pass keeps few besides the top k: re-scoring reads little.
                assertThat(c.size()).isLessThan(100);
            }
        }
    }
}
