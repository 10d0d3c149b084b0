package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.VECTOR_SPACES;
import static io.agentstore.internal.store.VectorShapes.DIMENSIONS;
import static io.agentstore.internal.store.VectorShapes.MODEL;
import static io.agentstore.internal.store.VectorShapes.SPACE;
import static io.agentstore.internal.store.VectorShapes.VECTOR_SPACE;
import static io.agentstore.internal.store.VectorShapes.VECTOR_SPACE_FOR_WRITE;
import static io.agentstore.internal.store.VectorShapes.VECTOR_SPACE_INSERT;

import io.agentstore.AgentStoreException;
import io.agentstore.ErrorCode;
import io.agentstore.internal.Failures;
import io.agentstore.internal.database.Conn;
import io.agentstore.internal.database.Database;
import io.agentstore.internal.shape.Row;
import io.agentstore.internal.vector.Vectors;
import io.agentstore.search.Embedder;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * One embedding space of a store ({@code memory} or {@code documents}): the model and dimension
 * its vectors are of, recorded by the first vector written (vector_spaces) and kept once a
 * committed write or a read has seen it; and the store's embedder, if any.
 */
final class VectorSpace {

    /** The model recorded for vectors callers give without naming one, to a store without an embedder. */
    static final String CALLER_MODEL = "caller-supplied";

    record Recorded(String model, int dimensions) {}

    private final Database db;
    private final String name;
    private final Embedder embedder;
    private volatile Recorded recorded;

    VectorSpace(Database db, String name) {
        this.db = db;
        this.name = name;
        this.embedder = db.options().embedder().orElse(null);
    }

    Optional<Embedder> embedder() {
        return Optional.ofNullable(embedder);
    }

    /** The model of the vectors this store writes when the caller names none. */
    String ownModel() {
        return embedder == null ? CALLER_MODEL : embedder.model();
    }

    /** The dimension a caller's vector must have: the embedder's, else the space's once known, else its own. */
    int expectedDimensions(int given) {
        if (embedder != null) {
            return embedder.dimensions();
        }
        Recorded r = recorded;
        return r == null ? given : r.dimensions();
    }

    /**
     * Inside a write: the space must be this model and dimension, recorded now if it is the first
     * vector; INVALID_ARGUMENT (nothing written) when it is another's.
     */
    Recorded require(Conn c, String model, int dimensions, String doing) throws SQLException {
        Recorded r = recorded;
        if (r == null) {
            c.call(VECTOR_SPACE_INSERT)
                    .set(SPACE, name)
                    .set(MODEL, model)
                    .set(DIMENSIONS, dimensions)
                    .update();
            r = c.call(VECTOR_SPACE_FOR_WRITE)
                    .set(SPACE, name)
                    .one(VectorSpace::recorded)
                    .orElseThrow();
        }
        check(r, model, dimensions, doing);
        return r;
    }

    private void check(Recorded r, String model, int dimensions, String doing) {
        if (!r.model().equals(model)) {
            throw Failures.invalid(doing + ": the store's " + name + " vectors are of the model "
                    + Check.quote(r.model()) + ", these are of " + Check.quote(model)
                    + " (vectors of two models cannot be ranked together)");
        }
        if (r.dimensions() != dimensions) {
            throw Failures.invalid(doing + ": the vector has " + dimensions + " dimensions, the store's " + name
                    + " vectors " + r.dimensions() + " (model " + Check.quote(r.model()) + ")");
        }
    }

    /** After a write that checked the space committed: kept from then on (a write may still be undone before). */
    void committed(Recorded r) {
        if (r != null && recorded == null) {
            recorded = r;
        }
    }

    private static Recorded recorded(Row r) throws SQLException {
        return new Recorded(r.get(VECTOR_SPACES.MODEL), r.get(VECTOR_SPACES.DIMENSIONS));
    }

    /** The space as stored, if any vector was ever written. */
    Optional<Recorded> stored() {
        Recorded r = recorded;
        if (r != null) {
            return Optional.of(r);
        }
        Optional<Recorded> read = db.read(
                "reading the " + name + " embedding space",
                c -> c.call(VECTOR_SPACE).set(SPACE, name).one(VectorSpace::recorded));
        read.ifPresent(found -> recorded = found);
        return read;
    }

    /**
     * The unit query of a search by text (embedded) or vector, checked against the space; empty
     * when the space has no vectors yet (bad input is refused all the same).
     */
    Optional<float[]> query(Optional<String> text, Optional<float[]> vector, String what) {
        if (text.isPresent() && embedder == null) {
            throw Failures.invalid(what + " by text needs a store opened with an embedder"
                    + " (StoreOptions.withEmbedder), or a query vector");
        }
        Optional<Recorded> space = stored();
        if (space.isEmpty()) {
            vector.ifPresent(v -> Vectors.unit(v, expectedDimensions(v.length), what));
            return Optional.empty();
        }
        Recorded sp = space.get();
        if (text.isPresent()) {
            if (!sp.model().equals(embedder.model())) {
                throw Failures.invalid(
                        what + ": the store's " + name + " vectors are of the model " + Check.quote(sp.model())
                                + ", the query would be embedded by " + Check.quote(embedder.model()));
            }
            return Optional.of(embed(List.of(text.get()), what).get(0));
        }
        return Optional.of(
                Vectors.unit(vector.orElseThrow(), sp.dimensions(), what + " (model " + Check.quote(sp.model()) + ")"));
    }

    /** The embedder's unit vectors of these texts (a failure or a wrong vector is STORAGE). */
    List<float[]> embed(List<String> texts, String what) {
        List<float[]> vs;
        try {
            vs = embedder.embed(List.copyOf(texts));
        } catch (RuntimeException e) {
            throw Failures.of(
                    ErrorCode.STORAGE,
                    "the embedder " + Check.quote(embedder.model()) + " failed: " + e.getMessage(),
                    e);
        }
        if (vs == null || vs.size() != texts.size()) {
            throw Failures.of(
                    ErrorCode.STORAGE,
                    "the embedder " + Check.quote(embedder.model()) + " returned "
                            + (vs == null ? "null" : vs.size() + " vectors") + " for " + texts.size() + " texts");
        }
        float[][] out = new float[vs.size()][];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = Vectors.unit(
                        vs.get(i),
                        embedder.dimensions(),
                        what + ", as the embedder " + Check.quote(embedder.model()) + " returned it");
            } catch (AgentStoreException e) {
                throw Failures.of(ErrorCode.STORAGE, e.getMessage(), e);
            }
        }
        return List.of(out);
    }
}
