package io.agentstore.internal.vector;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dot products of a float query with int8 codes, the inner loop of a search. The Vector API
 * version is used when the runtime has {@code jdk.incubator.vector} (started with
 * {@code --add-modules jdk.incubator.vector}) and the system property
 * {@code agentstore.vector.simd} is not {@code false}; otherwise a plain loop.
 */
public abstract class Dot {

    private static final Logger LOG = LoggerFactory.getLogger(Dot.class);

    private static final Dot BEST = choose();

    /**
     * The dot products of {@code q} with the code vectors {@code first .. first + count - 1} of
     * {@code codes} ({@code q.length} bytes each), into {@code out[0 .. count - 1]}.
     */
    public abstract void dots(float[] q, byte[] codes, int first, int count, float[] out);

    /** Which implementation this is: "vector-api (N lanes)" or "scalar". */
    public abstract String name();

    /** The implementation searches use. */
    public static Dot best() {
        return BEST;
    }

    /** The plain loop (always available; the reference in tests). */
    public static Dot scalar() {
        return Scalar.INSTANCE;
    }

    private static Dot choose() {
        if ("false".equalsIgnoreCase(System.getProperty("agentstore.vector.simd"))) {
            return Scalar.INSTANCE;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            LOG.debug("jdk.incubator.vector is not in the runtime: searches score with a plain loop");
            return Scalar.INSTANCE;
        }
        try {
            Dot simd = (Dot) Class.forName("io.agentstore.internal.vector.simd.SimdDot")
                    .getDeclaredConstructor()
                    .newInstance();
            LOG.debug("searches score with {}", simd.name());
            return simd;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.debug("the Vector API could not be used, searches score with a plain loop", e);
            return Scalar.INSTANCE;
        }
    }

    private static final class Scalar extends Dot {
        static final Scalar INSTANCE = new Scalar();

        @Override
        public void dots(float[] q, byte[] codes, int first, int count, float[] out) {
            int d = q.length;
            for (int v = 0, off = first * d; v < count; v++, off += d) {
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int i = 0;
                for (; i + 3 < d; i += 4) {
                    s0 += q[i] * codes[off + i];
                    s1 += q[i + 1] * codes[off + i + 1];
                    s2 += q[i + 2] * codes[off + i + 2];
                    s3 += q[i + 3] * codes[off + i + 3];
                }
                for (; i < d; i++) {
                    s0 += q[i] * codes[off + i];
                }
                out[v] = (s0 + s1) + (s2 + s3);
            }
        }

        @Override
        public String name() {
            return "scalar";
        }
    }
}
