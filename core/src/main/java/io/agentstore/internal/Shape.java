package io.agentstore.internal;

import java.util.Objects;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Query;

/**
 * A named query shape: one SQL statement the library issues, written once in the jOOQ DSL
 * against the generated tables. The production code, the tests, the plan check and the
 * benchmarks all execute the same shape; it is rendered once per database (dialect) and
 * executed through a statement cached on each connection.
 *
 * <p>Parameters are named jOOQ params ({@code DSL.param("id", String.class)}); calls set them
 * by name. Predicates that must match a partial index's WHERE are written as literals
 * ({@code DSL.inline(…)}), never as parameters.
 */
public final class Shape {

    /** Whether a shape reads or writes; read shapes run on reader connections only. */
    public enum Kind { READ, WRITE }

    private final String name;
    private final Kind kind;
    private final Function<DSLContext, Query> definition;
    private final String planAllowance;
    private int id = -1;

    private Shape(String name, Kind kind, Function<DSLContext, Query> definition, String planAllowance) {
        this.name = Objects.requireNonNull(name);
        this.kind = Objects.requireNonNull(kind);
        this.definition = Objects.requireNonNull(definition);
        this.planAllowance = planAllowance;
    }

    public static Shape read(String name, Function<DSLContext, Query> definition) {
        return new Shape(name, Kind.READ, definition, null);
    }

    /**
     * An INSERT that returns columns of the inserted row. jOOQ leaves RETURNING of an insert to
     * execution time (which would bypass the cached statement), so the clause is stated here;
     * SQLite 3.35+ and PostgreSQL both have it.
     */
    public static Query insertReturning(DSLContext dsl, org.jooq.Insert<?> insert, java.util.List<? extends org.jooq.Field<?>> columns) {
        java.util.List<org.jooq.Field<?>> unqualified = new java.util.ArrayList<>();
        for (org.jooq.Field<?> f : columns) {
            unqualified.add(org.jooq.impl.DSL.field(f.getUnqualifiedName()));
        }
        return dsl.resultQuery("{0} returning {1}", insert, org.jooq.impl.DSL.list(unqualified));
    }

    public static Shape write(String name, Function<DSLContext, Query> definition) {
        return new Shape(name, Kind.WRITE, definition, null);
    }

    /**
     * The same shape, allowed by the plan check to use a temporary B-tree or a scan, for the
     * reason given (which the plan report prints).
     */
    public Shape allowingPlan(String reason) {
        return new Shape(name, kind, definition, Objects.requireNonNull(reason));
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** Why the plan check accepts a scan or temporary B-tree for this shape, or null. */
    public String planAllowance() {
        return planAllowance;
    }

    /** Builds the jOOQ query for a dialect's DSL context. */
    public Query define(DSLContext dsl) {
        return definition.apply(dsl);
    }

    int id() {
        return id;
    }

    void assignId(int value) {
        if (id != -1) {
            throw new IllegalStateException("shape " + name + " registered twice");
        }
        id = value;
    }

    @Override
    public String toString() {
        return name;
    }
}
