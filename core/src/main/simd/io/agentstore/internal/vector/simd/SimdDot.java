package io.agentstore.internal.vector.simd;

import io.agentstore.internal.vector.Dot;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Dot} on the Vector API: each step widens one lane-count of int8 codes to floats and
 * multiplies-adds them with the query. Loaded by name only when jdk.incubator.vector is present.
 */
public final class SimdDot extends Dot {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(FLOATS.length() * 8));

    public SimdDot() {
        if (FLOATS.length() < 4) {
            throw new IllegalStateException("the preferred float species has " + FLOATS.length() + " lanes");
        }
    }

    @Override
    public void dots(float[] q, byte[] codes, int first, int count, float[] out) {
        int d = q.length;
        int lanes = FLOATS.length();
        int bound = d - d % lanes;
        for (int v = 0, off = first * d; v < count; v++, off += d) {
            FloatVector acc = FloatVector.zero(FLOATS);
            int i = 0;
            for (; i < bound; i += lanes) {
                FloatVector c = (FloatVector)
                        ByteVector.fromArray(BYTES, codes, off + i).convertShape(VectorOperators.B2F, FLOATS, 0);
                acc = FloatVector.fromArray(FLOATS, q, i).fma(c, acc);
            }
            float s = acc.reduceLanes(VectorOperators.ADD);
            for (; i < d; i++) {
                s += q[i] * codes[off + i];
            }
            out[v] = s;
        }
    }

    @Override
    public String name() {
        return "vector-api (" + FLOATS.length() + " lanes)";
    }
}
