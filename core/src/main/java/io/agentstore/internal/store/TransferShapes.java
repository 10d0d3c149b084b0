package io.agentstore.internal.store;

import static io.agentstore.internal.db.Tables.AGENTS;
import static io.agentstore.internal.db.Tables.APP_STATES;
import static io.agentstore.internal.db.Tables.AUDIT;
import static io.agentstore.internal.db.Tables.CHECKPOINTS;
import static io.agentstore.internal.db.Tables.DOCUMENT_INDEX;
import static io.agentstore.internal.db.Tables.DOCUMENT_VECTOR_CHANGES;
import static io.agentstore.internal.db.Tables.HISTORY_HORIZONS;
import static io.agentstore.internal.db.Tables.MEMORY_CHANGES;
import static io.agentstore.internal.db.Tables.MEMORY_ENTRIES;
import static io.agentstore.internal.db.Tables.MEMORY_RECENCY;
import static io.agentstore.internal.db.Tables.MEMORY_VECTORS;
import static io.agentstore.internal.db.Tables.MEMORY_VECTOR_CHANGES;
import static io.agentstore.internal.db.Tables.METRICS;
import static io.agentstore.internal.db.Tables.RETENTION_CURSORS;
import static io.agentstore.internal.db.Tables.SEARCH_FEED_FLOORS;
import static io.agentstore.internal.db.Tables.SESSIONS;
import static io.agentstore.internal.db.Tables.SESSION_EVENTS;
import static io.agentstore.internal.db.Tables.SESSION_STATES;
import static io.agentstore.internal.db.Tables.SHARED_STATES;
import static io.agentstore.internal.db.Tables.STATE;
import static io.agentstore.internal.db.Tables.TASKS;
import static io.agentstore.internal.db.Tables.TASK_DEPENDENCIES;
import static io.agentstore.internal.db.Tables.USER_STATES;
import static io.agentstore.internal.db.Tables.VECTOR_SPACES;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.greatest;

import io.agentstore.internal.shape.Param;
import io.agentstore.internal.shape.Shape;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertOnDuplicateStep;
import org.jooq.InsertValuesStepN;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;

/**
 * The shapes of export and import, one set per table, made from the generated tables themselves:
 * an export reads every row of a table in primary-key order (a {@linkplain Shape#scan scan}),
 * counts it for the file's header, and an import inserts rows {@value #MAX_BULK_ROWS} at a time (at
 * most {@value #MAX_BULK_PARAMS} parameters per statement) and then the rest one by one. Every
 * column travels: a table's columns here are the generated table's, so a migration that adds
 * one adds it to the export.
 */
final class TransferShapes {

    private TransferShapes() {}

    /** The count an export's header gives of each table. */
    static final Field<Integer> COUNT = DSL.count();

    static final int MAX_BULK_ROWS = 100;
    static final int MAX_BULK_PARAMS = 2_000;

    /** How an import treats a row whose key the store already has. */
    enum OnExisting {
        /** The import fails: the row is the user's data, and the store's row is too. */
        REFUSE,
        /** The store's row stays (its own bookkeeping: a retention walk's position, an embedding space). */
        KEEP,
        /** The later of the two stays (a history horizon, a search feed's floor). */
        LATER
    }

    /** One table's shapes and parameters. */
    record TableShapes(
            Table<?> table,
            List<Field<?>> columns,
            OnExisting onExisting,
            Shape export,
            Shape count,
            Shape insertOne,
            Shape insertBulk,
            int bulkRows,
            /* rows × columns: row 0 also binds insertOne */
            List<List<Param<Object>>> params) {

        String name() {
            return table.getName();
        }
    }

    /** Every table, in the order an export writes and an import loads them (parents first). */
    static final List<TableShapes> TABLES = List.of(
            of(SESSIONS, OnExisting.REFUSE),
            of(SESSION_EVENTS, OnExisting.REFUSE),
            of(APP_STATES, OnExisting.REFUSE),
            of(USER_STATES, OnExisting.REFUSE),
            of(SESSION_STATES, OnExisting.REFUSE),
            of(SHARED_STATES, OnExisting.REFUSE),
            of(MEMORY_ENTRIES, OnExisting.REFUSE),
            of(MEMORY_RECENCY, OnExisting.REFUSE),
            of(MEMORY_CHANGES, OnExisting.REFUSE),
            of(VECTOR_SPACES, OnExisting.KEEP),
            of(MEMORY_VECTORS, OnExisting.REFUSE),
            of(MEMORY_VECTOR_CHANGES, OnExisting.REFUSE),
            of(TASKS, OnExisting.REFUSE),
            of(TASK_DEPENDENCIES, OnExisting.REFUSE),
            of(AGENTS, OnExisting.REFUSE),
            of(STATE, OnExisting.REFUSE),
            of(CHECKPOINTS, OnExisting.REFUSE),
            of(AUDIT, OnExisting.REFUSE),
            of(METRICS, OnExisting.REFUSE),
            of(DOCUMENT_INDEX, OnExisting.REFUSE),
            of(DOCUMENT_VECTOR_CHANGES, OnExisting.REFUSE),
            of(HISTORY_HORIZONS, OnExisting.LATER, HISTORY_HORIZONS.HORIZON),
            of(SEARCH_FEED_FLOORS, OnExisting.LATER, SEARCH_FEED_FLOORS.FLOOR),
            of(RETENTION_CURSORS, OnExisting.KEEP));

    private static TableShapes of(Table<?> table, OnExisting onExisting) {
        return of(table, onExisting, null);
    }

    @SuppressWarnings("unchecked")
    private static TableShapes of(Table<?> table, OnExisting onExisting, TableField<?, ?> later) {
        List<Field<?>> columns = List.of(table.fields());
        List<? extends TableField<?, ?>> key = table.getPrimaryKey().getFields();
        String name = camel(table.getName());
        int bulkRows = Math.max(1, Math.min(MAX_BULK_ROWS, MAX_BULK_PARAMS / columns.size()));
        List<List<Param<Object>>> params = new ArrayList<>();
        for (int r = 0; r < bulkRows; r++) {
            List<Param<Object>> row = new ArrayList<>();
            for (Field<?> f : columns) {
                row.add(Param.of(camel(f.getName()) + r, (Field<Object>) f));
            }
            params.add(List.copyOf(row));
        }
        Shape export = Shape.scan(
                "export" + name,
                dsl -> dsl.select(columns).from(table).orderBy(key),
                "an export reads every row of the table, in key order");
        Shape count = Shape.scan(
                "count" + name, dsl -> dsl.select(COUNT).from(table), "an export counts every table for its header");
        Shape one = Shape.write("import" + name, dsl -> insert(dsl, table, columns, params, 1, onExisting, later));
        Shape bulk = Shape.write(
                "import" + name + "Bulk", dsl -> insert(dsl, table, columns, params, bulkRows, onExisting, later));
        return new TableShapes(table, columns, onExisting, export, count, one, bulk, bulkRows, List.copyOf(params));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Query insert(
            DSLContext dsl,
            Table<?> table,
            List<Field<?>> columns,
            List<List<Param<Object>>> params,
            int rows,
            OnExisting onExisting,
            TableField<?, ?> later) {
        InsertValuesStepN<?> insert = dsl.insertInto((Table<Record>) table, columns);
        for (int r = 0; r < rows; r++) {
            List<Field<?>> values = new ArrayList<>();
            for (Param<Object> p : params.get(r)) {
                values.add(p.field());
            }
            insert = insert.values(values);
        }
        InsertOnDuplicateStep<?> step = insert;
        return switch (onExisting) {
            case REFUSE -> step;
            case KEEP -> step.onConflictDoNothing();
            case LATER -> later(step, table.getPrimaryKey().getFields(), later);
        };
    }

    private static <T> Query later(InsertOnDuplicateStep<?> step, List<? extends TableField<?, ?>> key, Field<T> f) {
        return step.onConflict(key).doUpdate().set(f, greatest(f, excluded(f)));
    }

    /** {@code memory_entries} → {@code MemoryEntries}. */
    private static String camel(String snake) {
        StringBuilder out = new StringBuilder();
        for (String part : snake.split("_")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }
}
