package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.DOCUMENT_INDEX;
import static io.agentstore.internal.db.Tables.DOCUMENT_VECTOR_CHANGES;
import static io.agentstore.internal.db.Tables.MEMORY_ENTRIES;
import static io.agentstore.internal.db.Tables.MEMORY_VECTORS;
import static io.agentstore.internal.db.Tables.MEMORY_VECTOR_CHANGES;
import static io.agentstore.internal.db.Tables.VECTOR_SPACES;
import static io.agentstore.internal.store.Pages.LIMIT;
import static org.jooq.impl.DSL.inline;

import io.agentstore.internal.db.tables.DocumentIndex;
import io.agentstore.internal.db.tables.DocumentVectorChanges;
import io.agentstore.internal.db.tables.MemoryEntries;
import io.agentstore.internal.db.tables.MemoryVectorChanges;
import io.agentstore.internal.db.tables.MemoryVectors;
import io.agentstore.internal.db.tables.VectorSpaces;
import io.agentstore.internal.shape.EngineSql;
import io.agentstore.internal.shape.Param;
import io.agentstore.internal.shape.Shape;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Field;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The query shapes of semantic search: the embedding space, the vectors of memory versions, and
 * the change feed that keeps each process's search index coherent ({@code V7} explains the
 * tables).
 */
final class VectorShapes {

    private VectorShapes() {}

    private static final MemoryEntries M = MEMORY_ENTRIES;
    private static final MemoryVectors V = MEMORY_VECTORS;
    private static final MemoryVectorChanges CH = MEMORY_VECTOR_CHANGES;
    private static final VectorSpaces S = VECTOR_SPACES;
    private static final DocumentIndex D = DOCUMENT_INDEX;
    private static final DocumentVectorChanges DCH = DOCUMENT_VECTOR_CHANGES;

    /** The horizon a change-feed reader takes before reading: the next read starts there. */
    static final Field<Long> HORIZON = DSL.field(DSL.name("horizon"), SQLDataType.BIGINT);

    static final Param<String> SPACE = Param.of("space", S.SPACE);
    static final Param<String> MODEL = Param.of("model", S.MODEL);
    static final Param<Integer> DIMENSIONS = Param.of("dimensions", S.DIMENSIONS);
    static final Param<Long> ENTRY_ID = Param.of("entryId", V.ENTRY_ID);
    static final Param<byte[]> VECTOR = Param.of("vector", V.VECTOR);
    static final Param<String> NAMESPACE = Param.of("namespace", CH.NAMESPACE);
    static final Param<String> KEY = Param.of("key", CH.KEY);
    /** Where a reader of the change feed starts: a sequence number (SQLite) or a transaction id (PostgreSQL). */
    static final Param<Long> FROM = Param.of("from", CH.SEQ);

    static final Param<Long> AFTER_ID = Param.of("afterId", M.ID);

    /** Ids a ranking reads the vectors and rows of, {@value #RANKED} at a time (unused slots bound to -1). */
    static final int RANKED = 64;

    static final List<Param<Long>> RANKED_IDS = Param.series("id", RANKED, M.ID);

    /** The columns a search index keeps of a searchable version (the key's namespace and key come from the feed). */
    static final List<Field<?>> INDEXED = List.of(
            M.ID, M.NAMESPACE, M.KEY, M.MEMORY_TYPE, M.CREATED_BY, M.UPDATED_AT, M.EXPIRES_AT, M.METADATA, V.VECTOR);

    static final Shape VECTOR_SPACE = Shape.read(
            "vectorSpace", dsl -> dsl.select(S.MODEL, S.DIMENSIONS).from(S).where(S.SPACE.eq(SPACE.field())));

    static final Shape VECTOR_SPACE_FOR_WRITE = VECTOR_SPACE.forWriter();

    /** Records a space's model and dimension; the first writer's stand (a concurrent one's insert does nothing). */
    static final Shape VECTOR_SPACE_INSERT = Shape.write(
            "vectorSpaceInsert",
            dsl -> dsl.insertInto(S, S.SPACE, S.MODEL, S.DIMENSIONS)
                    .values(SPACE.field(), MODEL.field(), DIMENSIONS.field())
                    .onConflict(S.SPACE)
                    .doNothing());

    static final Shape MEMORY_VECTOR_INSERT = Shape.write(
            "memoryVectorInsert",
            dsl -> dsl.insertInto(V, V.ENTRY_ID, V.VECTOR).values(ENTRY_ID.field(), VECTOR.field()));

    static final List<Param<Long>> BULK_IDS = Param.series("entryId", MemoryShapes.BULK, V.ENTRY_ID);
    static final List<Param<byte[]>> BULK_VECTORS = Param.series("vector", MemoryShapes.BULK, V.VECTOR);
    static final List<Param<String>> BULK_NAMESPACES = Param.series("namespace", MemoryShapes.BULK, CH.NAMESPACE);
    static final List<Param<String>> BULK_KEYS = Param.series("key", MemoryShapes.BULK, CH.KEY);

    /** {@value MemoryShapes#BULK} versions' vectors in one statement (a batch add). */
    static final Shape MEMORY_VECTOR_INSERT_BULK = Shape.write("memoryVectorInsertBulk", dsl -> {
        var rows = dsl.insertInto(V, V.ENTRY_ID, V.VECTOR);
        for (int i = 0; i < MemoryShapes.BULK; i++) {
            rows = rows.values(BULK_IDS.get(i).field(), BULK_VECTORS.get(i).field());
        }
        return rows;
    });

    /** {@value MemoryShapes#BULK} keys told to the feed in one statement (a batch add). */
    static final Shape MEMORY_VECTOR_CHANGE_BULK = Shape.write("memoryVectorChangeBulk", dsl -> {
        var rows = dsl.insertInto(CH, CH.NAMESPACE, CH.KEY);
        for (int i = 0; i < MemoryShapes.BULK; i++) {
            rows = rows.values(BULK_NAMESPACES.get(i).field(), BULK_KEYS.get(i).field());
        }
        return rows;
    });

    /** Tells every search index that a key's searchable version changed. */
    static final Shape MEMORY_VECTOR_CHANGE = Shape.write(
            "memoryVectorChange",
            dsl -> dsl.insertInto(CH, CH.NAMESPACE, CH.KEY).values(NAMESPACE.field(), KEY.field()));

    /** Where the next read of the feed starts, taken before this one reads ({@link EngineSql#feedHorizon}). */
    static final Shape MEMORY_VECTOR_HORIZON =
            Shape.read("memoryVectorHorizon", dsl -> EngineSql.feedHorizon(dsl, CH, CH.SEQ, HORIZON));

    private static final io.agentstore.internal.db.tables.SearchFeedFloors FLOORS =
            io.agentstore.internal.db.Tables.SEARCH_FEED_FLOORS;

    /** A feed's floor (retention deleted its rows below it), read after the feed. */
    private static Shape floor(String name, String feed) {
        return Shape.read(name, dsl -> dsl.select(FLOORS.FLOOR).from(FLOORS).where(FLOORS.FEED.eq(inline(feed))));
    }

    static final Shape MEMORY_VECTOR_FLOOR = floor("memoryVectorFloor", "memory");
    static final Shape DOCUMENT_VECTOR_FLOOR = floor("documentVectorFloor", "documents");

    /**
     * The keys changed since a horizon, each with its searchable version now (the entry's columns
     * null when it has none: delete it from the index). In no particular order: every row of a key
     * carries the same, current, state.
     */
    static final Shape MEMORY_VECTOR_FEED = Shape.read("memoryVectorFeed", dsl -> {
        List<SelectField<?>> columns = new ArrayList<>();
        columns.add(CH.SEQ);
        columns.add(CH.NAMESPACE);
        columns.add(CH.KEY);
        columns.addAll(INDEXED);
        return dsl.select(columns)
                .from(CH)
                .leftJoin(M)
                .on(M.NAMESPACE.eq(CH.NAMESPACE))
                .and(M.KEY.eq(CH.KEY))
                .and(M.IS_CURRENT.eq(inline(true)))
                .and(M.EMBEDDED.eq(inline(true)))
                .leftJoin(V)
                .on(V.ENTRY_ID.eq(M.ID))
                .where(EngineSql.feedSince(dsl, CH, CH.SEQ, FROM.field()));
    });

    /** A page of every searchable version, in id order: what a search index is built from. */
    static final Shape MEMORY_VECTORS_LOAD = Shape.read(
            "memoryVectorsLoad",
            dsl -> dsl.select(INDEXED)
                    .from(M)
                    .join(V)
                    .on(V.ENTRY_ID.eq(M.ID))
                    .where(M.IS_CURRENT.eq(inline(true)))
                    .and(M.EMBEDDED.eq(inline(true)))
                    .and(M.ID.gt(AFTER_ID.field()))
                    .orderBy(M.ID)
                    .limit(LIMIT.field()));

    /** The rows and stored vectors of up to {@value #RANKED} candidates, if still current: what a search re-scores exactly. */
    static final Shape MEMORY_VECTORS_RANKED = Shape.read("memoryVectorsRanked", dsl -> {
        List<SelectField<?>> columns = new ArrayList<>(MemoryShapes.ENTRY.fields());
        columns.add(V.VECTOR);
        return dsl.select(columns)
                .from(M)
                .join(V)
                .on(V.ENTRY_ID.eq(M.ID))
                .where(M.ID.in(RANKED_IDS.stream().map(Param::field).toList()))
                .and(M.IS_CURRENT.eq(inline(true)));
    });

    static final Param<String> OF_NAMESPACE = Param.of("namespace", M.NAMESPACE);
    static final Param<String> OF_KEY = Param.of("key", M.KEY);

    /** The stored vector of a key's current version. */
    static final Shape MEMORY_VECTOR_OF_KEY = Shape.read(
            "memoryVectorOfKey",
            dsl -> dsl.select(V.VECTOR)
                    .from(M)
                    .join(V)
                    .on(V.ENTRY_ID.eq(M.ID))
                    .where(M.NAMESPACE.eq(OF_NAMESPACE.field()))
                    .and(M.KEY.eq(OF_KEY.field()))
                    .and(M.IS_CURRENT.eq(inline(true))));

    // ---- documents ----

    static final Param<String> PATH = Param.of("path", DCH.FILE_PATH);
    static final Param<Long> DOCUMENT_FROM = Param.of("from", DCH.SEQ);
    static final Param<Long> DOCUMENT_AFTER_ID = Param.of("afterId", D.ID);
    static final List<Param<Long>> RANKED_DOCUMENT_IDS = Param.series("id", RANKED, D.ID);

    /** The columns a search index keeps of a document with a vector. */
    static final List<Field<?>> DOCUMENT_INDEXED =
            List.of(D.ID, D.FILE_PATH, D.DOCUMENT_TYPE, D.SYNC_STATUS, D.UPDATED_AT, D.METADATA, D.EMBEDDING_BLOB);

    /** Tells every search index that a document's searchable state changed. */
    static final Shape DOCUMENT_VECTOR_CHANGE = Shape.write(
            "documentVectorChange", dsl -> dsl.insertInto(DCH, DCH.FILE_PATH).values(PATH.field()));

    static final Shape DOCUMENT_VECTOR_HORIZON =
            Shape.read("documentVectorHorizon", dsl -> EngineSql.feedHorizon(dsl, DCH, DCH.SEQ, HORIZON));

    /** The documents changed since a horizon, each with its searchable state now (null columns: no vector). */
    static final Shape DOCUMENT_VECTOR_FEED = Shape.read("documentVectorFeed", dsl -> {
        List<SelectField<?>> columns = new ArrayList<>();
        columns.add(DCH.SEQ);
        columns.add(DCH.FILE_PATH);
        columns.addAll(DOCUMENT_INDEXED);
        return dsl.select(columns)
                .from(DCH)
                .leftJoin(D)
                .on(D.FILE_PATH.eq(DCH.FILE_PATH))
                .and(D.EMBEDDING_BLOB.isNotNull())
                .where(EngineSql.feedSince(dsl, DCH, DCH.SEQ, DOCUMENT_FROM.field()));
    });

    /** A page of every document with a vector, in id order. */
    static final Shape DOCUMENT_VECTORS_LOAD = Shape.read(
            "documentVectorsLoad",
            dsl -> dsl.select(DOCUMENT_INDEXED)
                    .from(D)
                    .where(D.EMBEDDING_BLOB.isNotNull())
                    .and(D.ID.gt(DOCUMENT_AFTER_ID.field()))
                    .orderBy(D.ID)
                    .limit(LIMIT.field()));

    /** The rows and vectors of up to {@value #RANKED} candidate documents, if they still have one. */
    static final Shape DOCUMENT_VECTORS_RANKED = Shape.read("documentVectorsRanked", dsl -> {
        List<SelectField<?>> columns = new ArrayList<>(DocumentShapes.DOCUMENT.fields());
        columns.add(D.EMBEDDING_BLOB);
        return dsl.select(columns)
                .from(D)
                .where(D.ID.in(RANKED_DOCUMENT_IDS.stream().map(Param::field).toList()))
                .and(D.EMBEDDING_BLOB.isNotNull());
    });
}
