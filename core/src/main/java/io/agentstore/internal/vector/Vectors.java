package io.agentstore.internal.vector;

import io.agentstore.internal.Failures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Checking, normalising and encoding vectors: what is stored is the unit vector, float32 little-endian. */
public final class Vectors {

    /** The longest vector the store keeps. */
    public static final int MAX_DIMENSIONS = 4096;

    private Vectors() {}

    /**
     * The unit vector of {@code v}, checked: {@code dimensions} finite values, not all zero
     * (cosine similarity is undefined for the zero vector). {@code what} names it in the error.
     */
    public static float[] unit(float[] v, int dimensions, String what) {
        if (v == null) {
            throw Failures.invalid(what + ": the vector is missing");
        }
        if (v.length != dimensions) {
            throw Failures.invalid(
                    what + ": the vector has " + v.length + " dimensions, the store's have " + dimensions);
        }
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            float x = v[i];
            if (!Float.isFinite(x)) {
                throw Failures.invalid(
                        what + ": the vector's value at index " + i + " is " + x + ", not a finite number");
            }
            sum += (double) x * x;
        }
        if (sum == 0) {
            throw Failures.invalid(what + ": the vector is all zeros, which has no direction to compare");
        }
        double norm = Math.sqrt(sum);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    /** The stored form of a (unit) vector: 4 bytes a dimension, little-endian. */
    public static byte[] encode(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    /** A stored vector back as floats. */
    public static float[] decode(byte[] stored) {
        if (stored.length % 4 != 0) {
            throw new IllegalStateException("a stored vector has " + stored.length + " bytes, not a multiple of 4");
        }
        float[] out = new float[stored.length / 4];
        ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** The exact similarity of two unit vectors: their dot product, summed in double. */
    public static double cosine(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
