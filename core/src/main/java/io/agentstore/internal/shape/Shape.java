package io.agentstore.internal.shape;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Query;

/**
 * A named query shape: one SQL statement the library issues, written once in the jOOQ DSL
 * against the generated tables, with typed {@link Param parameters}. The production code, the
 * tests, the plan check and the benchmarks all execute the same shape; it is rendered once per
 * database (dialect) and executed through a statement cached on each connection.
 *
 * <p>Defining a shape registers it ({@link #registered()}): there is no list to keep by hand.
 * Predicates that must match a partial index's WHERE are written as literals
 * ({@code DSL.inline(…)}), never as parameters.
 */
public final class Shape {

    /** Whether a shape reads or writes; read shapes run on reader connections only. */
    public enum Kind {
        READ,
        WRITE
    }

    private static final List<Shape> REGISTERED = new CopyOnWriteArrayList<>();

    private final String name;
    private final Kind kind;
    private final Function<DSLContext, Query> definition;
    private final int id;
    private final Class<?> definedIn;
    private volatile String planAllowance;
    private boolean scan;

    private Shape(String name, Kind kind, Function<DSLContext, Query> definition, String planAllowance) {
        this(name, kind, definition, planAllowance, true);
    }

    private Shape(
            String name, Kind kind, Function<DSLContext, Query> definition, String planAllowance, boolean register) {
        this.name = Objects.requireNonNull(name);
        this.kind = Objects.requireNonNull(kind);
        this.definition = Objects.requireNonNull(definition);
        this.planAllowance = planAllowance;
        this.definedIn = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                        .filter(c -> c != Shape.class)
                        .findFirst()
                        .orElse(Shape.class));
        if (!register) {
            this.id = -1;
            return;
        }
        synchronized (REGISTERED) {
            for (Shape s : REGISTERED) {
                if (s.name.equals(name)) {
                    throw new IllegalStateException("two shapes are named " + name + " (" + s.definedIn.getName() + ", "
                            + definedIn.getName() + ")");
                }
            }
            this.id = REGISTERED.size();
            REGISTERED.add(this);
        }
    }

    public static Shape read(String name, Function<DSLContext, Query> definition) {
        return new Shape(name, Kind.READ, definition, null);
    }

    public static Shape write(String name, Function<DSLContext, Query> definition) {
        return new Shape(name, Kind.WRITE, definition, null);
    }

    /**
     * A read of a whole table by design (an export reads every row), not a query of the
     * library's hot paths: the plan check accepts its scan for {@code reason}, and the shape
     * benchmarks leave it to the transfer report, which measures its rows per second.
     */
    public static Shape scan(String name, Function<DSLContext, Query> definition, String reason) {
        Shape s = new Shape(name, Kind.READ, definition, Objects.requireNonNull(reason));
        s.scan = true;
        return s;
    }

    /** Whether this shape reads a whole table by design ({@link #scan}). */
    public boolean isScan() {
        return scan;
    }

    /**
     * A read statement that is not part of the library: not registered, never run by a store.
     * For checking a statement the library must not issue (the plan check's own tests).
     */
    public static Shape unregistered(String name, Function<DSLContext, Query> definition) {
        return new Shape(name, Kind.READ, definition, null, false);
    }

    /**
     * The writer's copy of a read shape, named {@code <name>ForWrite}: the same statement, run on
     * the writer connection inside a write transaction (reader connections refuse write shapes).
     * On a server it locks the rows it reads ({@link EngineSql#lockingRows}), so that what the
     * write decides from them still holds when it commits.
     */
    public Shape forWriter() {
        if (kind != Kind.READ) {
            throw new IllegalStateException("shape " + name + " is already a write shape");
        }
        Function<DSLContext, Query> read = definition;
        return new Shape(
                name + "ForWrite", Kind.WRITE, dsl -> EngineSql.lockingRows(dsl, read.apply(dsl)), planAllowance);
    }

    /**
     * Lets the plan check accept a temporary B-tree or a scan for this shape, for the reason
     * given (which the plan report prints). Called once, where the shape is defined.
     */
    public Shape allowingPlan(String reason) {
        if (planAllowance != null) {
            throw new IllegalStateException("shape " + name + " already has a plan allowance");
        }
        planAllowance = Objects.requireNonNull(reason);
        return this;
    }

    /** Every shape defined so far, in definition order (see {@code AllShapes} for the complete set). */
    public static List<Shape> registered() {
        return List.copyOf(REGISTERED);
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** The class whose initialisation defined this shape. */
    public Class<?> definedIn() {
        return definedIn;
    }

    /** Why the plan check accepts a scan or temporary B-tree for this shape, or null. */
    public String planAllowance() {
        return planAllowance;
    }

    /** Builds the jOOQ query for a dialect's DSL context. */
    public Query define(DSLContext dsl) {
        return definition.apply(dsl);
    }

    /** The shape's index in the registry: its slot in every connection's statement cache. */
    public int id() {
        return id;
    }

    @Override
    public String toString() {
        return name;
    }
}
